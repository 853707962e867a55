/** Log and Clock over the host. Every line is tagged so operators can grep and alert on it. */
import { Clock, Log } from "../ports";

export function fsLog(tag: string): Log {
  const line = (level: string, message: string) => freeswitch.consoleLog(level, "[ccard " + tag + "] " + message + "\n");
  return {
    info: (m) => line("info", m),
    warning: (m) => line("warning", m),
    error: (m) => line("err", m),
  };
}

export function osClock(): Clock {
  return { nowSeconds: () => os.time(), sleepMs: (ms) => freeswitch.msleep(ms) };
}
