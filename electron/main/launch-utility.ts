import { MessageChannelMain, utilityProcess } from 'electron';
import type { LaunchService } from './service-host';

/**
 * Starts the service process with Electron's utilityProcess (the pattern Actual Budget uses):
 * never `process.execPath` with ELECTRON_RUN_AS_NODE, which a packaged app may have fused off.
 * The start message carries one end of a MessageChannelMain; every call and reply then goes
 * over that port.
 */
export function launchUtilityProcess(entry: string): LaunchService {
  return (start, events) => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: '村级网格台账后台服务',
      stdio: 'inherit',
    });
    const { port1, port2 } = new MessageChannelMain();
    port1.on('message', (event) => events.message(event.data));
    port1.start();
    child.once('spawn', () => child.postMessage(start, [port2]));
    child.once('exit', (code) => {
      port1.close();
      events.exit(code);
    });
    return {
      send: (message) => port1.postMessage(message),
      kill: () => {
        child.kill();
      },
    };
  };
}
