import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
const server = spawn(process.execPath, ['scripts/serve-build.js', '4996'], { stdio: ['ignore','pipe','inherit'] });
await new Promise(r=>server.stdout.once('data', r));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
for (const [name,url,width] of [['large-1280','/simulate/?tls=none&credentials=right&step=99',1280],['large-375','/simulate/?step=12',375]]) {
  const ctx = await b.newContext({viewport:{width, height: 900}});
  const p = await ctx.newPage();
  const errors=[]; p.on('pageerror', e=>errors.push(e.message));
  await p.goto('http://127.0.0.1:4996'+url);
  await p.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  await p.getByLabel('Large text for projectors').check();
  await p.waitForTimeout(400);
  await p.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log(name, errors);
  await ctx.close();
}
await b.close(); server.kill();
