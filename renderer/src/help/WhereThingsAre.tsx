import type { AppInfo } from '../../../shared/domain/appInfo';
import { Property } from '../common/PropertyList';

/** Where this host keeps its data and writes its log, for a user to find or a bug report to name. */
export function WhereThingsAre({ info }: { info: AppInfo }) {
  return (
    <>
      <Property name="Data folder">{info.dataDir}</Property>
      <Property name="Log file">{info.logFile}</Property>
    </>
  );
}
