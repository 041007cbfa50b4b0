/**
 * Against real software: the wrong TLS mode for the port. An implicit-TLS client against the
 * STARTTLS server fails with a TLS error; a STARTTLS or plaintext client against the implicit-TLS
 * server waits for a greeting that never comes. Compared with the simulator's `tls-mismatch`
 * outcomes for port 587 + implicit and port 465 + STARTTLS / none.
 *
 * Every allowance for the real stacks is a named entry of KNOWN_DIFFERENCES.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	SHORT_TIMEOUT,
	clientBytes,
	clientDialogue,
	lastConnection,
	makeTestCert,
	observerView,
	replyCode,
	sendWithNodemailer,
	simulate,
	simulatorDialogue,
	startProxy,
	startServer,
	type RecordingProxy,
	type RunningServer,
	type TestCert
} from './harness';
import { KNOWN_DIFFERENCES } from './known-differences';

const TEST_TIMEOUT = 5000;

let cert: TestCert;
let starttls: RunningServer;
let implicit: RunningServer;
let toStarttls: RecordingProxy;
let toImplicit: RecordingProxy;

beforeAll(async () => {
	cert = await makeTestCert();
	starttls = await startServer('starttls', cert);
	implicit = await startServer('implicit', cert);
	toStarttls = await startProxy(starttls.port);
	toImplicit = await startProxy(implicit.port);
});

afterAll(async () => {
	await toStarttls?.close();
	await toImplicit?.close();
	await starttls?.close();
	await implicit?.close();
});

beforeEach(() => {
	for (const s of [starttls, implicit]) s.log.length = 0;
	for (const p of [toStarttls, toImplicit]) p.reset();
});

describe('wrong TLS mode for the port', () => {
	it(
		'implicit-TLS client on the STARTTLS port: a TLS error before any SMTP command (simulator: tls-mismatch)',
		async () => {
			const sim = simulate('tls=implicit'); // preset wrong-tls-mode-587
			const before = starttls.messages.length;
			const real = await sendWithNodemailer({ port: toStarttls.port, tls: cert, secure: true });

			expect(sim.outcome.kind).toBe('tls-mismatch');
			expect(sim.outcome.fate).toBe('not-sent');
			expect(sim.steps.some((s) => s.kind === 'tls-alert')).toBe(true);
			expect(simulatorDialogue(sim.steps).commands).toEqual([]);

			// Named: wrong-mode-error-code — nodemailer says ESOCKET with OpenSSL's message.
			expect(KNOWN_DIFFERENCES['wrong-mode-error-code']).toBeDefined();
			expect(real.error).toBeDefined();
			expect(real.error?.code).toBe('ESOCKET');
			expect(real.error?.message).toMatch(/wrong version number|packet length too long|SSL/i);
			expect(real.ms).toBeLessThan(SHORT_TIMEOUT);
			expect(clientDialogue(real.log).commands).toEqual([]);
			expect(starttls.messages.length).toBe(before);

			// The client spoke TLS first (0x16 0x03 …), the server answered in plaintext SMTP.
			const chunks = lastConnection(toStarttls);
			expect([...clientBytes(chunks).subarray(0, 2)]).toEqual([0x16, 0x03]);
			const serverLines = observerView(chunks).filter((o) => o.dir === 's2c' && o.line !== null);
			expect(serverLines.length).toBeGreaterThan(0);
			// Named: early-talker-421 — smtp-server holds its greeting ~100 ms to catch early talkers, so
			// it usually answers the ClientHello with 421 You talk too soon; the simulator shows the 220
			// greeting reaching the client's TLS stack. Either way: a plaintext SMTP reply.
			expect(KNOWN_DIFFERENCES['early-talker-421']).toBeDefined();
			expect([220, 421]).toContain(replyCode(serverLines[0].line ?? ''));
			expect(sim.outcome.reply).toMatch(/^220 /);
		},
		TEST_TIMEOUT
	);

	for (const [label, query, requireTLS] of [
		['STARTTLS-requiring client', 'port=465', true],
		['plaintext client', 'port=465&tls=none', false]
	] as const) {
		it(
			`${label} on the implicit-TLS port waits for a greeting that never comes (simulator: tls-mismatch)`,
			async () => {
				const sim = simulate(query); // preset wrong-tls-mode-465 (and its plaintext variant)
				const real = await sendWithNodemailer({
					port: toImplicit.port,
					tls: cert,
					requireTLS,
					ignoreTLS: !requireTLS,
					greetingTimeout: SHORT_TIMEOUT,
					connectionTimeout: SHORT_TIMEOUT
				});

				expect(sim.outcome.kind).toBe('tls-mismatch');
				expect(sim.outcome.fate).toBe('not-sent');
				const simSmtp = sim.steps.filter((s) => s.layer === 'SMTP' || s.layer === 'TLS');
				expect(simSmtp).toEqual([]);
				expect(sim.steps.at(-1)?.kind).toBe('tcp-timeout');

				expect(real.error?.code).toBe('ETIMEDOUT');
				expect(real.error?.message).toMatch(/Greeting never received/);
				expect(real.ms).toBeGreaterThanOrEqual(SHORT_TIMEOUT - 50);
				expect(real.ms).toBeLessThan(SHORT_TIMEOUT + 1500);
				// Neither side said anything: no SMTP line, no TLS record.
				expect(clientDialogue(real.log)).toEqual({ commands: [], replies: [] });
				const chunks = lastConnection(toImplicit);
				expect(clientBytes(chunks).length).toBe(0);
				expect(chunks.filter((c) => c.dir === 's2c')).toEqual([]);
			},
			TEST_TIMEOUT
		);
	}
});
