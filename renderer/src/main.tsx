import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { queryClient } from './api/query-client';
import { App } from './app/app';

dayjs.locale('zh-cn');

const FONT = "'Noto Sans SC', 'Microsoft YaHei', sans-serif";

/**
 * Windows' 「显示动画」 off (or any system's reduce-motion setting) turns antd's animations off:
 * drop-downs, dialogs and messages appear at once, which also spares an old office PC the
 * repainting. Read once at start, as antd reads its theme.
 */
const MOTION = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Outside antd's App, so dialogs it renders (modal.confirm) reach the cache as well. */}
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={zhCN}
        theme={{ token: { fontFamily: FONT, colorPrimary: '#b8312f', motion: MOTION } }}
        // 「确定」 not 「确 定」: labels read (and are found by screen readers) as written.
        button={{ autoInsertSpace: false }}
      >
        <AntApp>
          <App />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  </StrictMode>,
);
