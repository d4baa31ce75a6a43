import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_KEY,
  CHOOSE_PATH_CHANNEL,
  IPC_CHANNEL,
  SHOW_PDF_CHANNEL,
  type Bridge,
} from '../api/bridge';

// The page gets three functions; the main process checks the frame and the input of each.
const bridge: Bridge = {
  call: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
  showPdf: (fileName, data) => ipcRenderer.invoke(SHOW_PDF_CHANNEL, fileName, data),
  choosePath: (kind) => ipcRenderer.invoke(CHOOSE_PATH_CHANNEL, kind),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
