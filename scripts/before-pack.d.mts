import type { ElectronSqliteBuild } from './electronNative.mjs';

export interface Platform {
  platform: string;
  arch: string;
}

export function checkNativeForTarget(target: Platform, build?: ElectronSqliteBuild, host?: Platform): void;

export function beforePack(context: { electronPlatformName: string; arch: number }): void;
