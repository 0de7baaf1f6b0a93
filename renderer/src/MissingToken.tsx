/** Shown when the browser host's page was opened without the token its address carries. */
export function MissingToken() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 560, margin: '15vh auto', padding: 24 }}>
      <h1 style={{ fontSize: 20 }}>Roster needs its access address</h1>
      <p>
        This page was opened without the access token the Roster host printed when it started. Open the full
        address it printed (it ends with <code>#token=…</code>).
      </p>
    </main>
  );
}
