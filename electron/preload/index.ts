import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IPC_CHANNEL, type Bridge } from '../api/bridge';

// The page gets exactly one function; the main process checks the frame and the input.
const bridge: Bridge = {
  call: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
