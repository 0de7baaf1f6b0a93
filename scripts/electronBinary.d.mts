export function installedElectronBinary(): string | undefined;
