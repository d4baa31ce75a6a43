import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TOKEN_HEADER } from '../../electron/api/bridge';
import { makeTempDir, REPO_ROOT } from '../fixtures/temp-dir';

// `npm start` where the Electron binary is missing (as on this machine): one line saying so,
// then the web host, whose printed one-time link serves the app, starting with who is working;
// the link does not work a second time for a browser without the session it gave.
test('npm start falls back to the web host and prints its one-time link', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const temp = makeTempDir('vl-start-');
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data', temp.dir], {
    cwd: REPO_ROOT,
    // Its own build folder: the other worker's tests keep being served from out/renderer.
    env: {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      VL_OUT_DIR: path.join(temp.dir, 'out'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 90_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]{43}/.exec(output);
        // The banner comes in more than one write: wait for its last line too.
        if (match && output.includes('按 Ctrl+C')) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      });
      child.on('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
    });
    expect(output).toContain('未找到 Electron 程序文件');
    expect(output).toContain('这个链接只能打开一次');
    // Automation's door: the token in a file of the data folder only this account can read.
    const tokenFile = path.join(temp.dir, 'web-host-token.json');
    if (process.platform !== 'win32') expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as { url: string; token: string };
    expect(url.startsWith(saved.url)).toBe(true);
    const status = await fetch(new URL('/api/session.status', saved.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: saved.token },
      body: '{}',
    });
    expect(status.status).toBe(200);
    // The page itself carries no token.
    expect(await (await fetch(saved.url)).text()).not.toContain(saved.token);
    expect(output.split('\n').filter((line) => line.includes('Electron'))).toHaveLength(1);
    await page.goto(url);
    // A real start asks who is working before anything else, then shows the first-run form.
    await expect(page.getByText('这里只是记录是谁在操作，不是密码')).toBeVisible();
    await page.getByPlaceholder('填写您的姓名').fill('李会计');
    await page.getByRole('button', { name: '开始使用' }).click();
    await expect(page.getByRole('button', { name: '建立网格' })).toBeVisible();
    // The spent code has left the address bar.
    expect(page.url()).not.toContain('launch=');

    // Someone else who got hold of the link (another browser, no cookie) is refused.
    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      await stranger.goto(url);
      await expect(stranger.getByText('这个启动链接已经用过或无效')).toBeVisible();
      await stranger.goto(new URL('/', url).href);
      await expect(stranger.getByText('请用程序启动时显示的链接')).toBeVisible();
    } finally {
      await other.close();
    }
  } finally {
    child.kill('SIGTERM');
    temp.cleanup();
  }
});
