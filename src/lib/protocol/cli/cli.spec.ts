import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../../..');
const tsx = join(root, 'node_modules/.bin/tsx');

function cli(script: 'transcript' | 'advise', ...args: string[]) {
	const r = spawnSync(tsx, [join(here, `${script}.ts`), ...args], { cwd: root, encoding: 'utf8' });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('command-line tools', () => {
	it('prints a transcript and its outcome for a preset id', () => {
		const r = cli('transcript', 'relay-denied');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('S: 554 5.7.1 <carol@example.net>: Relay access denied');
		expect(r.stdout).toContain('OUTCOME: refused');
	});

	it('prints JSON with --json and exits 2 with one line naming the bad field', () => {
		const ok = cli('transcript', 'port=465&tls=implicit', '--json');
		expect(JSON.parse(ok.stdout).outcome.kind).toBe('delivered');
		const bad = cli('transcript', 'tls=ssl');
		expect(bad.status).toBe(2);
		expect(bad.stderr.trim().split('\n')).toHaveLength(1);
		expect(bad.stderr).toContain('"tls"');
		expect(bad.stderr).toContain('starttls-required');
	});

	it('advises, and refuses a bad situation with status 2', () => {
		expect(cli('advise', 'who=reader&access=pop3').stdout).toContain('Recommended: port 995');
		const bad = cli('advise', 'who=robot');
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('"who"');
	});
});
