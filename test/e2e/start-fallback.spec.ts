import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { makeTempDir, REPO_ROOT } from '../fixtures/temp-dir';

// `npm start` where the Electron binary is missing (as on this machine): one line saying so,
// then the web host, whose printed address serves the app, starting with who is working.
test('npm start falls back to the web host and prints its address', async ({ page }) => {
  test.setTimeout(120_000);
  const temp = makeTempDir('vl-start-');
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data', temp.dir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 90_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      });
      child.on('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
    });
    expect(output).toContain('未找到 Electron 程序文件');
    expect(output.split('\n').filter((line) => line.includes('Electron'))).toHaveLength(1);
    await page.goto(url);
    // A real start asks who is working before anything else, then shows the first-run form.
    await expect(page.getByText('这里只是记录是谁在操作，不是密码')).toBeVisible();
    await page.getByPlaceholder('填写您的姓名').fill('李会计');
    await page.getByRole('button', { name: '开始使用' }).click();
    await expect(page.getByRole('button', { name: '建立网格' })).toBeVisible();
  } finally {
    child.kill('SIGTERM');
    temp.cleanup();
  }
});
