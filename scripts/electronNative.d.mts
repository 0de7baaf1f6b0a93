export interface ElectronSqliteBuild {
  electronVersion: string;
  abi: string;
  /** Absolute path of the Electron build of better_sqlite3.node under native/. */
  file: string;
}

export function electronSqliteBuild(): ElectronSqliteBuild;
