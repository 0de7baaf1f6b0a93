/** Whether the keyboard is a Mac's: Cmd instead of Ctrl, and the keys shown as symbols. */
export const isMacPlatform = (): boolean => /Mac|iPhone|iPad/.test(navigator.userAgent);
