import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME, APP_VERSION } from '../services/system/app-info';

/** The application menu, in Chinese. */
export function installMenu(dataDir: string): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [{ role: 'quit', label: '退出' }],
    },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { role: 'reload', label: '重新载入' },
        { type: 'separator' },
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '全屏' },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: `关于${PRODUCT_NAME}`,
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: `关于${PRODUCT_NAME}`,
              message: `${PRODUCT_NAME} ${APP_VERSION}`,
              detail: `数据文件夹：${dataDir}\nElectron ${process.versions.electron}`,
            }),
        },
      ],
    },
  ];
  if (!app.isPackaged) {
    (template[2]!.submenu as MenuItemConstructorOptions[]).push({
      role: 'toggleDevTools',
      label: '开发者工具',
    });
  }
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
