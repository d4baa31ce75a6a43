import { Typography } from 'antd';

/** A page whose part of the app is not built yet: says what will come, shows nothing made up. */
export function ComingPage({ title, line }: { title: string; line: string }) {
  return (
    <>
      <Typography.Title level={3}>{title}</Typography.Title>
      <Typography.Paragraph type="secondary">{line}</Typography.Paragraph>
    </>
  );
}
