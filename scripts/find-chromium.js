#!/usr/bin/env node
/**
 * Finds the Chromium the browser tests drive. Playwright's own browser download cannot run here, so
 * the tests use a system browser: $CHROMIUM_PATH first, then the usual Debian/Ubuntu/Google paths.
 * `node scripts/find-chromium.js --check` prints one line and exits 1 when none is found, so the test
 * command stops with advice instead of a stack trace.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const FIXED = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** @param {string} path */
function executable(path) {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** @returns {string | null} */
export function findChromium(env = process.env) {
	if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
	for (const p of FIXED) if (executable(p)) return p;
	for (const dir of (env.PATH ?? '').split(delimiter)) {
		for (const name of NAMES) {
			const p = join(dir, name);
			if (dir && executable(p)) return p;
		}
	}
	return null;
}

export const INSTALL_HINT =
	'No Chromium found for the browser tests: install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium-family browser.';

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--check')) {
	const found = findChromium();
	if (!found) {
		if (process.env.CHROMIUM_PATH) {
			console.error(
				`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file. ${INSTALL_HINT}`
			);
		} else console.error(INSTALL_HINT);
		process.exit(1);
	}
}
