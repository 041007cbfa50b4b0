/**
 * Against real software: an on-path attacker as a loopback proxy that deletes the STARTTLS line
 * from smtp-server's EHLO reply (RFC 3207 §6), in front of a server that offers STARTTLS but does
 * not require TLS before AUTH. An opportunistic nodemailer then sends in clear; a TLS-requiring one
 * never sends AUTH or MAIL in clear — compared with the simulator's strip-starttls scenarios.
 *
 * Every allowance for the real stacks is a named entry of KNOWN_DIFFERENCES.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NAMES, base64Decode } from '../example-names';
import {
	FORGED_454,
	clientDialogue,
	lastConnection,
	lastServerConnection,
	makeTestCert,
	observedClientLines,
	observedDialogue,
	observerView,
	sendWithNodemailer,
	serverDialogue,
	simulate,
	simulatorDialogue,
	startProxy,
	startServer,
	type RecordingProxy,
	type RunningServer,
	type TestCert
} from './harness';
import { KNOWN_DIFFERENCES, classes, withoutFinalQuit } from './known-differences';

const TEST_TIMEOUT = 5000;
/** Commands that must never cross in clear for a client that requires TLS (RFC 8314 §5.2). */
const SENSITIVE = ['AUTH PLAIN', 'AUTH LOGIN', 'MAIL', 'RCPT', 'DATA'];

let cert: TestCert;
let server: RunningServer;
/** Deletes the STARTTLS line only (the simulator's strip-starttls attacker). */
let strip: RecordingProxy;
/** Also holds back a STARTTLS command and answers it with a forged 454 (the forge-454 attacker). */
let stripAndForge: RecordingProxy;

beforeAll(async () => {
	cert = await makeTestCert();
	server = await startServer('starttls-optional', cert);
	strip = await startProxy(server.port, { stripStarttls: true });
	stripAndForge = await startProxy(server.port, { stripStarttls: true, forge454: true });
});

afterAll(async () => {
	await strip?.close();
	await stripAndForge?.close();
	await server?.close();
});

beforeEach(() => {
	server.log.length = 0;
	strip.reset();
	stripAndForge.reset();
});

/** The proxy really deleted the STARTTLS line from the server's EHLO reply on this connection. */
function expectStripped(proxy: RecordingProxy) {
	const conn = proxy.connections;
	const edits = proxy.tampers.filter((t) => t.conn === conn && t.original.startsWith('250'));
	expect(edits).toHaveLength(1);
	expect(edits[0].original).toMatch(/^250[ -]STARTTLS$/m);
	expect(edits[0].forwarded).not.toMatch(/STARTTLS/);
}

describe('STARTTLS stripped by an on-path proxy', () => {
	it(
		'opportunistic submission client carries on in clear: AUTH, MAIL, RCPT, DATA readable — as simulated',
		async () => {
			const sim = simulate('tls=opportunistic&authtls=no&attack=strip-starttls'); // preset strip-starttls-opportunistic-client
			const before = server.messages.length;
			const real = await sendWithNodemailer({ port: strip.port, tls: cert });

			expect(real.error).toBeUndefined();
			expect(server.messages.length).toBe(before + 1);
			expectStripped(strip);
			// The simulator shows the same edit: server → attacker with STARTTLS, attacker → client without.
			const simEdit = sim.steps.filter((s) => s.tampered === 'deleted the line 250-STARTTLS');
			expect(simEdit).toHaveLength(1);
			const original = sim.steps[simEdit[0].index - 1];
			expect(original.to).toBe('attacker');
			expect(original.text).toMatch(/^250-STARTTLS$/m);
			expect(simEdit[0].text).not.toMatch(/STARTTLS/);

			expect(sim.outcome.kind).toBe('credentials-exposed');
			expect(sim.outcome.fate).toBe('delivered');
			expect(sim.outcome.exposures).toEqual(['credentials', 'envelope', 'message']);

			// Named: no-quit-after-sendmail, pipelining.
			const expected = withoutFinalQuit(simulatorDialogue(sim.steps));
			const client = clientDialogue(real.log);
			expect(client.commands).toEqual(['EHLO', 'AUTH PLAIN', 'MAIL', 'RCPT', 'DATA']);
			expect(client.commands).toEqual(expected.commands);
			expect(client.replies).toEqual(expected.replies);
			const srv = serverDialogue(server.log, lastServerConnection(server.log));
			expect(srv.commands).toEqual(client.commands);

			// What the attacker read: everything, including the password.
			const view = observerView(lastConnection(strip));
			expect(view.every((o) => o.line !== null)).toBe(true);
			expect(observedDialogue(view)).toEqual(expected);
			const lines = observedClientLines(view);
			const auth = lines.find((l) => l.startsWith('AUTH PLAIN ')) ?? '';
			expect(base64Decode(auth.slice('AUTH PLAIN '.length))).toBe(
				`\0${NAMES.sender}\0${NAMES.password}`
			);
			expect(lines).toContain(`MAIL FROM:<${NAMES.sender}>`);
			expect(lines).toContain('Hi Bob!');
		},
		TEST_TIMEOUT
	);

	it(
		'relay profile (no AUTH): the message crosses in clear, the simulator calls it downgraded',
		async () => {
			const sim = simulate('phase=relay&attack=strip-starttls'); // preset strip-starttls-relay
			const real = await sendWithNodemailer({ port: strip.port, tls: cert, password: null });

			expect(real.error).toBeUndefined();
			expectStripped(strip);
			expect(sim.outcome.kind).toBe('downgraded');
			expect(sim.outcome.exposures).toEqual(['envelope', 'message']);

			// Named: no-quit-after-sendmail, pipelining.
			const expected = withoutFinalQuit(simulatorDialogue(sim.steps, 'sending-mta'));
			const client = clientDialogue(real.log);
			expect(client.commands).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA']);
			expect(client.commands).toEqual(expected.commands);
			expect(client.replies).toEqual(expected.replies);
			const view = observerView(lastConnection(strip));
			expect(view.every((o) => o.line !== null)).toBe(true);
			expect(observedDialogue(view)).toEqual(expected);
			expect(observedClientLines(view)).toContain(`RCPT TO:<${NAMES.recipient}>`);
		},
		TEST_TIMEOUT
	);

	it(
		'TLS-requiring client, line deleted only: nodemailer still tries STARTTLS and nothing sensitive crosses in clear',
		async () => {
			const sim = simulate('authtls=no&attack=strip-starttls'); // strip-starttls-required-client on this server
			const real = await sendWithNodemailer({ port: strip.port, tls: cert, requireTLS: true });
			expectStripped(strip);

			// The simulator: the client notices STARTTLS is missing and stops before AUTH or MAIL.
			expect(sim.outcome.kind).toBe('tls-failed');
			expect(sim.outcome.fate).toBe('not-sent');
			const simD = simulatorDialogue(sim.steps);
			expect(simD.commands).toEqual(['EHLO', 'QUIT']);

			// Named: requiretls-sends-unadvertised-starttls — nodemailer sends STARTTLS although the
			// (edited) EHLO reply does not list it; this attacker only deletes the line, so the real
			// server upgrades and the message goes through inside TLS.
			expect(KNOWN_DIFFERENCES['requiretls-sends-unadvertised-starttls']).toBeDefined();
			expect(real.error).toBeUndefined();
			expect(clientDialogue(real.log).commands.slice(0, 3)).toEqual(['EHLO', 'STARTTLS', 'EHLO']);

			// The property both share: the attacker reads no AUTH, MAIL, RCPT or DATA.
			const view = observerView(lastConnection(strip));
			const clear = observedDialogue(view).commands;
			expect(clear).toEqual(['EHLO', 'STARTTLS']);
			for (const c of SENSITIVE) expect(clear).not.toContain(c);
			expect(
				sim.steps.some(
					(s) => s.kind === 'command' && !s.encrypted && /^(AUTH|MAIL|RCPT|DATA)/.test(s.text)
				)
			).toBe(false);
		},
		TEST_TIMEOUT
	);

	it(
		'TLS-requiring client, line deleted and STARTTLS answered with a forged 454: aborts before AUTH or MAIL',
		async () => {
			const simStrip = simulate('authtls=no&attack=strip-starttls');
			const simForge = simulate('authtls=no&attack=forge-454'); // preset-like forged-454 on the submission hop
			const authsBefore = server.auths.length;
			const before = server.messages.length;
			const real = await sendWithNodemailer({
				port: stripAndForge.port,
				tls: cert,
				requireTLS: true
			});

			expectStripped(stripAndForge);
			expect(real.error?.code).toBe('ETLS');
			expect(real.error?.responseCode).toBe(454);
			expect(real.error?.command).toBe('STARTTLS');
			expect(server.auths.length).toBe(authsBefore);
			expect(server.messages.length).toBe(before);

			// Same outcome as both simulator scenarios: TLS could not be had, nothing sent.
			for (const sim of [simStrip, simForge]) {
				expect(sim.outcome.kind).toBe('tls-failed');
				expect(sim.outcome.fate).toBe('not-sent');
				expect(sim.outcome.exposures).toEqual([]);
			}

			// Command order: exactly the forged-454 dialogue (named: no-quit-after-sendmail — nodemailer
			// closes after the error without QUIT); the stripped-only dialogue differs by the unadvertised
			// STARTTLS (named: requiretls-sends-unadvertised-starttls).
			const client = clientDialogue(real.log);
			const forge = withoutFinalQuit(simulatorDialogue(simForge.steps));
			expect(client.commands).toEqual(['EHLO', 'STARTTLS']);
			expect(client.commands).toEqual(forge.commands);
			expect(client.replies).toEqual(forge.replies);
			expect(classes(client.replies).at(-1)).toBe(4);
			expect(simForge.steps.find((s) => s.tampered?.startsWith('forged 454'))?.text).toBe(
				FORGED_454
			);
			const strip = withoutFinalQuit(simulatorDialogue(simStrip.steps));
			expect(client.commands.filter((c) => c !== 'STARTTLS')).toEqual(strip.commands);

			// The real server saw only EHLO: the STARTTLS was held back by the attacker.
			const srv = serverDialogue(server.log, lastServerConnection(server.log));
			expect(srv.commands).toEqual(['EHLO']);
			const clear = observedDialogue(observerView(lastConnection(stripAndForge))).commands;
			for (const c of SENSITIVE) expect(clear).not.toContain(c);
		},
		TEST_TIMEOUT
	);
});
