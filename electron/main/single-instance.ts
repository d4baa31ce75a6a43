import { app, type BrowserWindow } from 'electron';

/**
 * One running app at a time (issue 7): a second launch, e.g. a double click on the desktop
 * icon while the app is minimized, must bring the first window back instead of opening a
 * second one that the database's exclusive lock (db/open.ts) would refuse anyway.
 *
 * Returns false in the second instance, which has already been told to quit; the caller then
 * starts nothing. `currentWindow` is read on each launch, since the window is created later
 * and may be recreated.
 */
export function claimSingleInstance(currentWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = currentWindow();
    // Still opening the database: the first window will appear by itself.
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  return true;
}
