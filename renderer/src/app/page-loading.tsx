import { Spin } from 'antd';

/**
 * What shows while a page's code is fetched (each page is its own chunk, issue 15 item 4):
 * from the local disk this is a blink, but the clerk is told what is happening.
 */
export function PageLoading({ fullscreen = false }: { fullscreen?: boolean }) {
  if (fullscreen) return <Spin fullscreen description="正在载入页面…" />;
  return (
    <Spin description="正在载入页面…">
      <div style={{ minHeight: 240 }} />
    </Spin>
  );
}
