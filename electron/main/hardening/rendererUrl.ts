/** The renderer is served from app://roster/ so that its origin is ours alone, not every file:// page. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://roster`;
export const APP_RENDERER_URL = `${APP_ORIGIN}/index.html`;

/**
 * Where the window loads the renderer from: the built files, or under `electron-vite dev` its dev
 * server. A packaged app never takes the address from the environment, so that nobody can start
 * an installed Roster on a page of their own that the main side would then trust.
 */
export function rendererUrlFor({
  isPackaged,
  env,
}: {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): string {
  const devServer = env.ELECTRON_RENDERER_URL;
  return !isPackaged && devServer !== undefined && devServer !== '' ? devServer : APP_RENDERER_URL;
}
