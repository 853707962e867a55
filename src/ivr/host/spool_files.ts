/**
 * SpoolPort over files in the spool folder (global ccard_spool_dir): one file per call, written
 * under a temporary name and renamed into place, so a reader never sees half of one.
 */
import { SpooledHook, parseSpool, spoolFileName, spoolText } from "../../domain/spool";
import { Log, SpoolPort } from "../ports";

export function spoolFiles(dir: string, log: Log): SpoolPort {
  const path = (uuid: string) => dir + "/" + spoolFileName(uuid);
  return {
    read: (uuid) => {
      const [f] = io.open(path(uuid), "r");
      if (f === undefined) return undefined;
      const text = f.read("*a");
      f.close();
      const hook = typeof text === "string" ? parseSpool(text) : undefined;
      if (hook === undefined || hook.uuid !== uuid) {
        log.error("spool file " + path(uuid) + " is not one ccard wrote: left as it is");
        return undefined;
      }
      return hook;
    },
    save: (hook: SpooledHook) => {
      const target = path(hook.uuid);
      const temp = target + ".tmp";
      const [f, err] = io.open(temp, "w");
      if (f === undefined) {
        log.error("cannot write spool file " + temp + ": " + tostring(err));
        return false;
      }
      const [written] = f.write(spoolText(hook));
      f.close();
      const [moved, why] = os.rename(temp, target);
      if (written === undefined || moved === undefined) {
        log.error("cannot write spool file " + target + ": " + tostring(why));
        os.remove(temp);
        return false;
      }
      return true;
    },
    remove: (uuid) => {
      os.remove(path(uuid));
    },
  };
}
