import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets';
import { realCommands } from './real-commands';
import { cloneScenario, defaultScenario, type Scenario } from './scenario';

function scenario(change: (s: Scenario) => void): Scenario {
	const s = cloneScenario(defaultScenario);
	change(s);
	return s;
}

const lines = (s: Scenario) => realCommands(s).map((c) => c.command);

function preset(id: string): Scenario {
	const p = PRESETS.find((x) => x.id === id);
	if (!p) throw new Error(`no preset ${id}`);
	return p.scenario;
}

describe('realCommands', () => {
	it('gives STARTTLS on 587 as openssl -starttls smtp and swaks --tls with AUTH', () => {
		const cmds = lines(defaultScenario);
		expect(cmds).toContain(
			'openssl s_client -starttls smtp -connect mail.example.com:587 -servername mail.example.com -crlf'
		);
		expect(cmds.find((c) => c.startsWith('swaks'))).toMatch(/--port 587 --tls --auth PLAIN/);
	});

	it('gives implicit TLS on 465 as a plain openssl s_client and swaks --tls-on-connect', () => {
		const cmds = lines(
			scenario((s) => {
				s.port = 465;
				s.client.security = 'implicit';
			})
		);
		expect(cmds).toContain(
			'openssl s_client -connect mail.example.com:465 -servername mail.example.com -crlf'
		);
		expect(cmds.find((c) => c.startsWith('swaks'))).toMatch(/--port 465 --tls-on-connect/);
	});

	it('never puts a login on a plaintext command line', () => {
		const cmds = lines(scenario((s) => (s.client.security = 'none')));
		expect(cmds.some((c) => c.includes('--auth'))).toBe(false);
		expect(cmds).toContain('nc -C mail.example.com 587');
	});

	it('relays on port 25 after an MX lookup, with the policy lookups the scenario uses', () => {
		const cmds = lines(
			scenario((s) => {
				s.phase = 'relay';
				s.policy.mtaSts = 'enforce';
				s.policy.dane = true;
			})
		);
		expect(cmds[0]).toBe('dig +short MX example.org');
		expect(cmds).toContain('dig +short TXT _mta-sts.example.org');
		expect(cmds).toContain('dig +dnssec +short TLSA _25._tcp.mx1.example.org');
		expect(cmds).toContain(
			'openssl s_client -starttls smtp -connect mx1.example.org:25 -servername mx1.example.org -crlf'
		);
		expect(cmds.some((c) => c.includes('--auth'))).toBe(false);
	});

	it('reads mail with IMAP or POP3 in the mode the scenario uses', () => {
		expect(lines(scenario((s) => (s.phase = 'receipt')))).toEqual([
			'openssl s_client -connect imap.example.org:993 -servername imap.example.org -crlf'
		]);
		expect(
			lines(
				scenario((s) => {
					s.phase = 'receipt';
					s.retrieval = { protocol: 'pop3', port: 110, security: 'starttls-required' };
				})
			)
		).toEqual([
			'openssl s_client -starttls pop3 -connect pop.example.org:110 -servername pop.example.org -crlf'
		]);
	});

	it('covers every hop of the whole journey in order', () => {
		const tools = realCommands(scenario((s) => (s.phase = 'journey'))).map((c) => c.tool);
		expect(tools).toEqual(['openssl', 'swaks', 'dig', 'openssl', 'swaks', 'openssl']);
	});
});

describe('realCommands for the scenarios that go wrong', () => {
	const commandsOf = (id: string) => realCommands(preset(id));

	it('implicit TLS on 587: reproduces the failed handshake, then shows STARTTLS, which works there', () => {
		const [mistake, right, swaks] = commandsOf('wrong-tls-mode-587');
		expect(mistake.command).toBe(
			'openssl s_client -connect mail.example.com:587 -servername mail.example.com -crlf'
		);
		expect(mistake.what).toMatch(/mistake.*greets in plaintext.*fails/);
		expect(right.command).toContain('-starttls smtp -connect mail.example.com:587');
		expect(right.what).toMatch(/^What works on port 587 — plaintext greeting/);
		expect(swaks.command).toMatch(/--port 587 --tls --auth/);
		// Nothing claims the greeting arrives inside TLS on 587.
		expect(
			commandsOf('wrong-tls-mode-587').some((c) => /220 greeting arrives inside/.test(c.what))
		).toBe(false);
	});

	it('STARTTLS on 465: reproduces the wait for a greeting, then shows implicit TLS, which works there', () => {
		const [mistake, right, swaks] = commandsOf('wrong-tls-mode-465');
		expect(mistake.command).toContain('-starttls smtp -connect mail.example.com:465');
		expect(mistake.what).toMatch(/mistake.*waits for a TLS ClientHello.*timeout/);
		expect(right.command).toBe(
			'openssl s_client -connect mail.example.com:465 -servername mail.example.com -crlf'
		);
		expect(swaks.command).toMatch(/--port 465 --tls-on-connect/);
	});

	it('relay denied: talks to the MX, with the foreign recipient and no login', () => {
		const cmds = commandsOf('relay-denied');
		expect(cmds[0].command).toBe('nc -C mx1.example.org 25');
		const swaks = cmds.find((c) => c.tool === 'swaks');
		expect(swaks?.command).toBe(
			'swaks --server mx1.example.org --port 25 --from alice@example.com --to carol@example.net'
		);
		expect(cmds.some((c) => c.command.includes('mail.example.com'))).toBe(false);
	});

	it('an MX without STARTTLS is shown with a plain connection, not openssl -starttls', () => {
		const cmds = lines(
			scenario((s) => {
				s.phase = 'relay';
				s.mx.starttls = false;
			})
		);
		expect(cmds).toContain('nc -C mx1.example.org 25');
		expect(cmds.some((c) => c.startsWith('openssl'))).toBe(false);
	});

	it('IMAP with implicit TLS on 143, or a plaintext client on 993, reproduces the mistake first', () => {
		const on143 = realCommands(
			scenario((s) => {
				s.phase = 'receipt';
				s.retrieval = { protocol: 'imap', port: 143, security: 'implicit' };
			})
		);
		expect(on143.map((c) => c.command)).toEqual([
			'openssl s_client -connect imap.example.org:143 -servername imap.example.org -crlf',
			'openssl s_client -starttls imap -connect imap.example.org:143 -servername imap.example.org -crlf'
		]);
		const on993 = realCommands(
			scenario((s) => {
				s.phase = 'receipt';
				s.retrieval = { protocol: 'imap', port: 993, security: 'none' };
			})
		);
		expect(on993[0].command).toBe('nc -C imap.example.org 993');
		expect(on993[0].what).toMatch(/timeout/);
		expect(on993[1].command).toBe(
			'openssl s_client -connect imap.example.org:993 -servername imap.example.org -crlf'
		);
	});

	it('a port the client cannot reach shows only the attempt: a time-out or a refusal', () => {
		expect(commandsOf('isp-blocks-port-25')).toEqual([
			expect.objectContaining({
				command: 'nc -vz -w 10 mail.example.com 25',
				what: expect.stringMatching(/drops packets to port 25.*times out/)
			})
		]);
		const closed = lines(
			scenario((s) => {
				s.port = 2525;
				s.client.security = 'implicit';
			})
		);
		expect(closed).toEqual(['nc -vz -w 10 mail.example.com 2525']);
		const cloud = commandsOf('cloud-blocks-relay-25');
		expect(cloud.at(-1)?.command).toBe('nc -vz -w 10 mx1.example.org 25');
		expect(cloud.some((c) => c.tool === 'swaks' || c.tool === 'openssl')).toBe(false);
	});

	it('names the foreign recipient only for an MX, and never puts a login on an MX command', () => {
		const submission = lines(scenario((s) => (s.recipientLocal = false)));
		expect(submission.find((c) => c.startsWith('swaks'))).toContain('--to bob@example.org');
		const mx = realCommands(
			scenario((s) => {
				s.port = 25;
				s.client.security = 'none';
				s.server.role = 'mx';
			})
		);
		const swaks = mx.find((c) => c.tool === 'swaks')!;
		expect(swaks.command).not.toContain('--auth');
		expect(swaks.what).toMatch(/also sends its password, in clear/);
	});
});
