import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
const server = spawn(process.execPath, ['scripts/serve-build.js', '4997'], { stdio: ['ignore','pipe','inherit'] });
await new Promise(r=>server.stdout.once('data', r));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const shots = JSON.parse(process.argv[2]);
for (const [name, url, width, selector] of shots) {
  const ctx = await b.newContext({viewport:{width, height: 900}});
  const p = await ctx.newPage();
  const errors = []; p.on('pageerror', e=>errors.push(e.message)); p.on('console', m=>{ if (m.type()==='error') errors.push(m.text()); });
  await p.goto('http://127.0.0.1:4997' + url);
  await p.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  if (selector) {
    await p.evaluate((sel) => { for (const d of document.querySelectorAll(sel)) d.open = true; }, selector);
    await p.waitForTimeout(200);
    const el = p.locator(selector).first();
    await el.screenshot({ path: `/tmp/shots/${name}.png` });
  } else await p.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log(name, errors.length ? errors : 'no errors');
  await ctx.close();
}
await b.close(); server.kill();
