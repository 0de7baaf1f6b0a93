/**
 * The admin command's password: ROSTER_ADMIN_PASSWORD, else the first line of
 * stdin (piped), else typed at the terminal without echo. Never an argument:
 * the command line of a process is visible to every user of the machine.
 */
export async function readPassword(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream): Promise<string> {
  const fromEnv = env.ROSTER_ADMIN_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  return stdin.isTTY ? typeHidden(stdin) : firstLine(stdin);
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return (text.split('\n')[0] ?? '').replace(/\r$/, '');
}

function typeHidden(stdin: NodeJS.ReadStream): Promise<string> {
  process.stderr.write('New password for the administrator: ');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new Error('Cancelled.'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
