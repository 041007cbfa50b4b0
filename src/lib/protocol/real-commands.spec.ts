import { describe, expect, it } from 'vitest';
import { realCommands } from './real-commands';
import { cloneScenario, defaultScenario, type Scenario } from './scenario';

function scenario(change: (s: Scenario) => void): Scenario {
	const s = cloneScenario(defaultScenario);
	change(s);
	return s;
}

const lines = (s: Scenario) => realCommands(s).map((c) => c.command);

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
