/**
 * Runs a scenario through the machines and records every step: the client policy (what a mail
 * program, a sending MTA or a reading client does next), the on-path party (what it reads or
 * changes) and the outcome. Server behaviour comes from the SMTP session machine, the handshake
 * from the TLS machine, the order of phases from the journey machine.
 *
 * Leaves to others: protocol rules (machines/), wire texts (replies.ts), port facts (ports.ts),
 * drawing and pacing (the UI).
 *
 * RFC sections: RFC 8314 §5.2 (clients that require TLS), RFC 7435 (opportunistic TLS), RFC 3207 §6
 * (stripping), RFC 8461 §5 (MTA-STS enforce defers), RFC 7672 §2.2.3 (DANE), RFC 8689 §4.2.1
 * (REQUIRETLS bounces), RFC 5321 §5.1 (MX lookup), RFC 8446 §5.2 (record overhead the observer sees),
 * RFC 9051 and RFC 1939 / RFC 2595 (retrieval).
 */
import { createActor, type Actor } from 'xstate';
import { EXPLANATIONS, type ExplainKey } from './explanations';
import { NAMES, saslPlain, showSaslPlain } from './example-names';
import { PORTS, RELAY_PORT } from './ports';
import { formatReply, type Reply } from './replies';
import type {
	Exposure,
	Outcome,
	OutcomeKind,
	Party,
	RunResult,
	Step,
	StepKind,
	Layer
} from './result';
import { normalizeScenario, type Hop, type Scenario } from './scenario';
import {
	smtpSessionMachine,
	type SmtpSessionEmitted,
	type SmtpSessionEvent,
	type SmtpSessionInput
} from './machines/smtp-session.machine';
import {
	TLS_HANDSHAKE_SEQUENCE,
	tlsHandshakeMachine,
	type CertCheck,
	type PresentedCert,
	type TlsHandshakeEmitted
} from './machines/tls-handshake.machine';
import { currentPhase, journeyMachine, type JourneyPhase } from './machines/journey.machine';

/** TLS 1.3 record overhead: 5-byte header + 1-byte inner content type + 16-byte AEAD tag (RFC 8446 §5.2). */
export const TLS_RECORD_OVERHEAD = 22;
/** An alert's body: one byte of level and one of description (RFC 8446 §6). */
const TLS_ALERT_BYTES = 2;

/** Nominal sizes of encrypted handshake messages (illustrative; real sizes vary with the chain). */
const HANDSHAKE_SIZES: Record<string, number> = {
	EncryptedExtensions: 28,
	Certificate: 1270,
	CertificateVerify: 286,
	Finished: 58
};

type StepInput = {
	from: Party;
	to: Party;
	layer: Layer;
	kind: StepKind;
	text: string;
	encrypted: boolean;
	explain: ExplainKey;
	rfc?: string;
	tampered?: string;
	/** Observer text override (e.g. ClientHello summary). */
	observed?: string;
	/** What is readable in this step, for exposure tracking. */
	carries?: Exposure[];
	decoded?: string;
};

/** A terminal result of one phase. */
interface Stop {
	kind: OutcomeKind;
	fate: Outcome['fate'];
	headline: string;
	detail: string;
	reply?: string;
	rfc: string;
}

class Recorder {
	steps: Step[] = [];
	exposures = new Set<Exposure>();
	atRisk = new Set<Exposure>();
	downgraded = false;
	/** The hop being simulated now. */
	hop: Hop | null = null;
	/** True while an attacker who terminated TLS holds the session keys. */
	attackerHasKeys = false;
	/**
	 * How the first password an observer captured was readable: base64 in clear (SASL PLAIN in
	 * SMTP's AUTH or IMAP's AUTHENTICATE, the only logins the engine sends before TLS: POP3 stops
	 * at USER), or decrypted by an attacker the client let terminate TLS.
	 */
	credentialLeak: CredentialLeak | null = null;

	constructor(private readonly s: Scenario) {}

	get watched(): boolean {
		return this.s.onPath.party !== 'none' && this.hop !== null && this.s.onPath.hop === this.hop;
	}

	add(i: StepInput): Step {
		const readable = !i.encrypted || this.attackerHasKeys;
		// A time-out is the waiting party's own event: nothing crosses the network.
		const onWire =
			i.layer !== 'LOCAL' && i.kind !== 'note' && i.kind !== 'policy' && i.kind !== 'tcp-timeout';
		let observer: string | null = null;
		if (this.watched && onWire) {
			if (i.observed !== undefined) observer = i.observed;
			else if (readable) observer = i.text;
			else observer = `TLS application data, ${wireBytes(i.text) + TLS_RECORD_OVERHEAD} bytes`;
		}
		if (onWire && readable && i.carries) {
			for (const c of i.carries) this.atRisk.add(c);
			if (observer !== null) for (const c of i.carries) this.exposures.add(c);
			if (observer !== null && i.carries.includes('credentials') && this.credentialLeak === null)
				this.credentialLeak = i.encrypted
					? 'decrypted'
					: this.hop === 'retrieval'
						? 'imap-plain'
						: 'smtp-plain';
		}
		const ex = EXPLANATIONS[i.explain];
		const step: Step = {
			index: this.steps.length,
			from: i.from,
			to: i.to,
			layer: i.layer,
			kind: i.kind,
			text: i.text,
			encrypted: i.encrypted,
			observer,
			explain: i.explain,
			explanation: ex.text,
			rfc: i.rfc ?? ex.rfc,
			hop: onWire ? this.hop : null
		};
		if (i.decoded !== undefined && observer !== null && readable) step.decoded = i.decoded;
		if (i.encrypted && observer !== null && this.attackerHasKeys && i.observed === undefined)
			step.decrypted = true;
		if (i.tampered) step.tampered = i.tampered;
		this.steps.push(step);
		return step;
	}

	note(from: Party, text: string, explain: ExplainKey, rfc?: string): void {
		this.add({
			from,
			to: from,
			layer: 'LOCAL',
			kind: 'note',
			text,
			encrypted: false,
			explain,
			rfc
		});
	}
}

function addressOf(host: string): string {
	return host === NAMES.mxHost
		? NAMES.mxAddress
		: host === NAMES.msaHost
			? NAMES.msaAddress
			: NAMES.accessAddress;
}

function wireBytes(text: string): number {
	// Each line ends in CRLF (RFC 5321 §2.3.8).
	return text.split('\n').reduce((n, l) => n + l.length + 2, 0);
}

/** The session machine wrapped so each command returns the replies it produced. */
class SmtpSession {
	private readonly actor: Actor<typeof smtpSessionMachine>;
	private cues: SmtpSessionEmitted[] = [];
	constructor(input: SmtpSessionInput) {
		this.actor = createActor(smtpSessionMachine, { input });
		this.actor.on('*', (e) => {
			this.cues.push(e);
		});
		this.actor.start();
	}
	send(e: SmtpSessionEvent): SmtpSessionEmitted[] {
		this.cues = [];
		this.actor.send(e);
		return this.cues;
	}
	hasTag(t: 'encrypted' | 'authenticated' | 'closed'): boolean {
		return this.actor.getSnapshot().hasTag(t);
	}
	stop(): void {
		this.actor.stop();
	}
}

function replies(cues: SmtpSessionEmitted[]): { reply: Reply; injected: boolean }[] {
	return cues.flatMap((c) =>
		c.type === 'smtp.reply' ? [{ reply: c.reply, injected: c.injected }] : []
	);
}

function replyText(r: Reply): string {
	return r.lines.join('\n');
}

/** Runs the TLS machine; records each message; returns whether the handshake finished. */
function handshake(
	rec: Recorder,
	o: {
		client: Party;
		server: Party;
		sni: string;
		cert: PresentedCert;
		check: CertCheck;
		peerSpeaksTls: boolean;
		layer: Layer;
	}
): { ok: boolean; alert?: string; reason?: string } {
	const actor = createActor(tlsHandshakeMachine, {
		input: { sni: o.sni, cert: o.cert, check: o.check, peerSpeaksTls: o.peerSpeaksTls }
	});
	let result: { ok: boolean; alert?: string; reason?: string } = { ok: false };
	const onMsg = (e: TlsHandshakeEmitted) => {
		if (e.type === 'tls.message') {
			const fromClient = e.from === 'client';
			const explain: ExplainKey =
				e.name === 'ClientHello'
					? 'tls.client-hello'
					: e.name === 'ServerHello'
						? 'tls.server-hello'
						: e.name === 'EncryptedExtensions'
							? 'tls.encrypted-extensions'
							: e.name === 'Certificate'
								? o.cert === 'attacker'
									? 'tls.attacker-cert'
									: 'tls.certificate'
								: e.name === 'CertificateVerify'
									? 'tls.certificate-verify'
									: fromClient
										? 'tls.client-finished'
										: 'tls.server-finished';
			const text =
				e.name === 'ClientHello'
					? `ClientHello (SNI ${o.sni}, TLS 1.3)`
					: e.name === 'ServerHello'
						? 'ServerHello (TLS 1.3, key share)'
						: e.name === 'Certificate'
							? `Certificate (${certLabel(o.cert, o.sni)})`
							: e.name;
			const observed =
				e.name === 'ClientHello'
					? `ClientHello, SNI ${o.sni}`
					: e.name === 'ServerHello'
						? 'ServerHello, TLS 1.3'
						: `TLS application data, ${(HANDSHAKE_SIZES[e.name] ?? 64) + TLS_RECORD_OVERHEAD} bytes`;
			rec.add({
				from: fromClient ? o.client : o.server,
				to: fromClient ? o.server : o.client,
				layer: 'TLS',
				kind: e.name === 'ClientHello' || e.name === 'ServerHello' ? 'tls-hello' : 'tls-handshake',
				text,
				encrypted: e.encrypted,
				explain,
				observed
			});
		} else if (e.type === 'tls.alert') {
			result = { ok: false, alert: e.alert, reason: e.reason };
			rec.add({
				from: o.client,
				to: o.server,
				layer: 'TLS',
				kind: 'tls-alert',
				text:
					e.alert === 'protocol_error'
						? `TLS error: not a TLS record (${e.reason})`
						: `Alert: ${e.alert} (${e.reason})`,
				encrypted: e.alert !== 'protocol_error',
				explain: e.alert === 'protocol_error' ? 'tls.alert-plaintext' : 'tls.alert-cert',
				// A TLS 1.3 alert after the ServerHello is encrypted like any other record (RFC 8446 §6),
				// so an observer sees one more short record, and then no more traffic.
				observed:
					e.alert === 'protocol_error'
						? 'TCP connection closed'
						: `TLS application data, ${TLS_ALERT_BYTES + TLS_RECORD_OVERHEAD} bytes`
			});
		} else {
			result = { ok: true };
		}
	};
	actor.on('*', onMsg);
	actor.start();
	for (const type of TLS_HANDSHAKE_SEQUENCE) {
		if (actor.getSnapshot().status === 'done') break;
		actor.send({ type });
	}
	actor.stop();
	return result;
}

function certLabel(cert: PresentedCert, sni: string): string {
	switch (cert) {
		case 'valid':
			return `CN=${sni}, valid`;
		case 'expired':
			return `CN=${sni}, expired`;
		case 'wrong-name':
			return `CN=other.example.net, valid`;
		case 'attacker':
			return `CN=${sni}, issued by the attacker`;
	}
}

function messageLines(opts: { received: boolean }): string {
	const lines = [
		...(opts.received
			? [
					`Received: from ${NAMES.clientHost} by ${NAMES.msaHost} (Postfix) with ESMTPSA id ${NAMES.queueIdMsa}`
				]
			: []),
		`From: ${NAMES.senderName} <${NAMES.sender}>`,
		`To: ${NAMES.recipientName} <${NAMES.recipient}>`,
		'Subject: Hello',
		'Date: Mon, 1 Jan 2024 12:00:00 +0000',
		`Message-ID: <1@${NAMES.clientHost}>`,
		'',
		'Hi Bob!',
		'.'
	];
	return lines.join('\n');
}

interface SmtpHopOptions {
	hop: Hop;
	client: Party;
	server: Party;
	clientHost: string;
	serverHost: string;
	port: number;
	/** Server-side setup of this connection. */
	session: SmtpSessionInput;
	/** The client's TLS behaviour. */
	security: 'none' | 'opportunistic' | 'starttls-required' | 'implicit';
	/** How the client checks certificates once TLS starts. */
	check: CertCheck;
	cert: PresentedCert;
	/** null: the client does not authenticate. */
	credentials: 'right' | 'wrong' | null;
	rcpt: string;
	rcptLocal: boolean;
	/** The client will not continue without TLS (RFC 8314 §5.2; MTA-STS enforce; DANE). */
	tlsRequired: boolean;
	/** The message must travel with REQUIRETLS on this hop. */
	requiretls: boolean;
	/** What to do if TLS cannot be had when it is required: MTAs defer or bounce, MUAs stop. */
	onTlsRequiredFailure: (why: 'no-starttls' | 'cert' | 'requiretls') => Stop;
	received: boolean;
	mtaStsTesting: boolean;
}

/** One SMTP connection from TCP connect to close. Returns a Stop when the message did not get through. */
function smtpHop(rec: Recorder, s: Scenario, o: SmtpHopOptions): Stop | null {
	const party = s.onPath.hop === o.hop ? s.onPath.party : 'none';
	const session = new SmtpSession(o.session);
	const C = o.client;
	const S = o.server;
	// Why a message with REQUIRETLS stops here: a relay returns it to its author; a mail program
	// submitting it simply does not send it (RFC 8689 §2, §4.2.1).
	const requiretlsStop: ExplainKey =
		o.hop === 'submission' ? 'policy.requiretls-not-sent' : 'policy.requiretls-bounce';
	const cmd = (text: string, explain: ExplainKey, extra: Partial<StepInput> = {}) =>
		rec.add({
			from: C,
			to: S,
			layer: 'SMTP',
			kind: 'command',
			text,
			encrypted: session.hasTag('encrypted'),
			explain,
			...extra
		});
	const cueEncrypted = new Map<Reply, boolean>();
	const showReplies = (cues: SmtpSessionEmitted[], explain: (r: Reply) => ExplainKey) => {
		for (const c of cues) if (c.type === 'smtp.reply') cueEncrypted.set(c.reply, c.encrypted);
		const rs = replies(cues);
		for (const { reply, injected } of rs) {
			rec.add({
				from: S,
				to: C,
				layer: 'SMTP',
				kind: 'reply',
				text: replyText(reply),
				encrypted: cueEncrypted.get(reply) ?? session.hasTag('encrypted'),
				explain: injected ? 'attack.inject-executed' : explain(reply),
				rfc: injected ? undefined : reply.rfc
			});
		}
		return rs.map((r) => r.reply);
	};
	const last = (rs: Reply[]): Reply | undefined => rs[rs.length - 1];
	const quit = () => {
		cmd('QUIT', 'smtp.quit');
		showReplies(session.send({ type: 'client.quit' }), () => 'smtp.bye');
	};

	// TCP connect.
	rec.add({
		from: C,
		to: S,
		layer: 'TCP',
		kind: 'tcp-connect',
		text: `TCP connect to ${o.serverHost}:${o.port}`,
		encrypted: false,
		explain: 'tcp.connect',
		observed: `TCP connect to ${addressOf(o.serverHost)}:${o.port}`
	});

	const implicitClient = o.security === 'implicit';
	const implicitServer = o.session.listen === 'implicit-tls';
	let activeStrip = false;

	if (implicitClient && !implicitServer) {
		// Both talk at once: the server's plaintext greeting reaches the client's TLS stack.
		const g = showReplies(session.send({ type: 'client.connect' }), () => 'smtp.greeting');
		handshake(rec, {
			client: C,
			server: S,
			sni: o.serverHost,
			cert: o.cert,
			check: o.check,
			peerSpeaksTls: false,
			layer: 'TLS'
		});
		session.send({ type: 'client.disconnect' });
		rec.add({
			from: C,
			to: S,
			layer: 'TCP',
			kind: 'tcp-close',
			text: 'TCP connection closed',
			encrypted: false,
			explain: 'tcp.close'
		});
		return {
			kind: 'tls-mismatch',
			fate: 'not-sent',
			headline: `Wrong TLS mode: implicit TLS on port ${o.port}`,
			detail: `Port ${o.port} starts in plaintext with a 220 greeting, but the client began with a TLS ClientHello and its TLS library failed on the plaintext reply. Use 465 for implicit TLS, or STARTTLS on ${o.port}.`,
			reply: g[0] ? replyText(g[0]) : undefined,
			rfc: 'RFC 8314 §3.3; RFC 3207 §4'
		};
	}
	if (!implicitClient && implicitServer) {
		session.send({ type: 'client.connect' });
		rec.add({
			from: C,
			to: C,
			layer: 'TCP',
			kind: 'tcp-timeout',
			text: 'No 220 greeting received: timed out',
			encrypted: false,
			explain: 'tls.no-greeting'
		});
		session.send({ type: 'client.disconnect' });
		return {
			kind: 'tls-mismatch',
			fate: 'not-sent',
			headline: `Wrong TLS mode: plaintext/STARTTLS client on implicit-TLS port ${o.port}`,
			detail: `Port ${o.port} expects a TLS handshake first, while the client waits for a 220 greeting. Nothing happens until the client gives up. Use implicit TLS on 465, or port 587 for STARTTLS.`,
			rfc: 'RFC 8314 §3.3'
		};
	}

	const doHandshake = (): boolean => {
		const attackerCert = party === 'fake-cert';
		if (attackerCert) {
			// The attacker terminates TLS itself.
		}
		const r = handshake(rec, {
			client: C,
			server: attackerCert ? 'attacker' : S,
			sni: o.serverHost,
			cert: attackerCert ? 'attacker' : o.cert,
			check: o.check,
			peerSpeaksTls: true,
			layer: 'TLS'
		});
		if (!r.ok) {
			session.send({ type: 'client.disconnect' });
			return false;
		}
		if (attackerCert) {
			rec.attackerHasKeys = true;
			rec.note(
				'attacker',
				`Attacker opens its own TLS session to ${o.serverHost}:${o.port} and relays`,
				'tls.attacker-relays'
			);
		}
		if (o.check === 'none' && o.hop === 'relay') {
			rec.note(
				C,
				'Certificate not checked (opportunistic TLS)',
				'tls.opportunistic-unauthenticated'
			);
			if (o.mtaStsTesting && (o.cert !== 'valid' || attackerCert)) {
				rec.note(
					C,
					'MTA-STS testing: certificate check failed; reported, delivery continues',
					'policy.testing-report'
				);
			}
		}
		showReplies(session.send({ type: 'tls.finished' }), () => 'smtp.greeting-implicit');
		return true;
	};

	let certFailure = false;
	if (implicitServer) {
		session.send({ type: 'client.connect' });
		if (party === 'strip-starttls' || party === 'forge-454' || party === 'inject-commands') {
			rec.note(
				'attacker',
				'Nothing to edit: the connection is TLS from the first byte',
				'attack.nothing-to-edit'
			);
		}
		if (!doHandshake()) certFailure = true;
	} else {
		showReplies(session.send({ type: 'client.connect' }), () => 'smtp.greeting');
	}

	if (certFailure) {
		return o.onTlsRequiredFailure('cert');
	}

	/**
	 * One EHLO and its reply. `when`: the session's first EHLO in plaintext, its first EHLO inside
	 * implicit TLS (nothing came before TLS, so nothing is said again or dropped: RFC 8314 §3.3), or
	 * the EHLO again after a STARTTLS handshake (RFC 3207 §4.2).
	 */
	const ehlo = (
		when: 'plaintext' | 'implicit' | 'after-starttls'
	): { starttls: boolean; auth: boolean; requiretls: boolean } => {
		cmd(
			`EHLO ${o.clientHost}`,
			when === 'after-starttls'
				? 'smtp.ehlo-after-tls'
				: when === 'implicit'
					? 'smtp.ehlo-implicit'
					: 'smtp.ehlo'
		);
		const cues = session.send({ type: 'client.ehlo', host: o.clientHost });
		const rs = replies(cues);
		let seen = rs[0]?.reply;
		if (!seen) return { starttls: false, auth: false, requiretls: false };
		if (rs[0].injected) {
			showReplies(cues, () => 'smtp.ehlo-reply');
			return { starttls: false, auth: false, requiretls: false };
		}
		const encrypted = session.hasTag('encrypted');
		const hasStarttls = seen.lines.some((l) => l.slice(4) === 'STARTTLS');
		if (!encrypted && party === 'strip-starttls' && hasStarttls) {
			rec.add({
				from: S,
				to: 'attacker',
				layer: 'SMTP',
				kind: 'reply',
				text: replyText(seen),
				encrypted: false,
				explain: 'smtp.ehlo-reply',
				rfc: seen.rfc
			});
			const kept = seen.lines.filter((l) => l.slice(4) !== 'STARTTLS').map((l) => l.slice(4));
			seen = {
				...seen,
				lines: kept.map((k, i) => `250${i === kept.length - 1 ? ' ' : '-'}${k}`)
			};
			rec.add({
				from: 'attacker',
				to: C,
				layer: 'SMTP',
				kind: 'reply',
				text: replyText(seen),
				encrypted: false,
				explain: 'attack.strip-starttls',
				tampered: 'deleted the line 250-STARTTLS'
			});
			activeStrip = true;
		} else {
			const authShown = seen.lines.some((l) => l.slice(4).startsWith('AUTH'));
			rec.add({
				from: S,
				to: C,
				layer: 'SMTP',
				kind: 'reply',
				text: replyText(seen),
				encrypted,
				explain: encrypted
					? when === 'implicit'
						? 'smtp.ehlo-reply-implicit'
						: 'smtp.ehlo-reply-after-tls'
					: o.session.role === 'submission' && !authShown && o.credentials
						? 'smtp.ehlo-reply-plain-no-auth'
						: 'smtp.ehlo-reply',
				rfc: seen.rfc
			});
		}
		return {
			starttls: seen.lines.some((l) => l.slice(4) === 'STARTTLS'),
			auth: seen.lines.some((l) => l.slice(4).startsWith('AUTH')),
			requiretls: seen.lines.some((l) => l.slice(4) === 'REQUIRETLS')
		};
	};

	let caps = ehlo(implicitServer ? 'implicit' : 'plaintext');
	let injectedRan = false;

	if (!session.hasTag('encrypted') && o.security !== 'none') {
		let upgraded = false;
		if (caps.starttls) {
			if (party === 'forge-454') {
				cmd('STARTTLS', 'smtp.starttls', {
					tampered: 'held back by the attacker; the server never sees it'
				});
				const forged = formatReply('tlsNotAvailable');
				rec.add({
					from: 'attacker',
					to: C,
					layer: 'SMTP',
					kind: 'reply',
					text: replyText(forged),
					encrypted: false,
					explain: 'attack.forge-454',
					tampered: 'forged 454 in place of the server’s 220'
				});
				activeStrip = true;
			} else {
				const injected = party === 'inject-commands' ? (['RSET'] as const) : undefined;
				cmd('STARTTLS', 'smtp.starttls');
				if (injected) {
					rec.add({
						from: 'attacker',
						to: S,
						layer: 'SMTP',
						kind: 'command',
						text: 'RSET',
						encrypted: false,
						explain: 'attack.inject',
						tampered: 'appended RSET in the same TCP segment as STARTTLS'
					});
				}
				const cues = session.send({ type: 'client.starttls', injected });
				showReplies(cues, (r) => (r.code === 220 ? 'smtp.starttls-ready' : 'smtp.other-reply'));
				if (cues.some((c) => c.type === 'smtp.discarded')) {
					rec.note(
						S,
						'Discarded plaintext received with STARTTLS: RSET',
						'attack.inject-discarded'
					);
				}
				if (session.hasTag('closed')) return null;
				if (!cues.some((c) => c.type === 'smtp.reply' && c.reply.code === 220)) {
					// Server refused STARTTLS: treat like "not offered".
				} else {
					// Handshake, then the server may run buffered plaintext (CVE-2011-0411).
					const attackerCert = party === 'fake-cert';
					const r = handshake(rec, {
						client: C,
						server: attackerCert ? 'attacker' : S,
						sni: o.serverHost,
						cert: attackerCert ? 'attacker' : o.cert,
						check: o.check,
						peerSpeaksTls: true,
						layer: 'TLS'
					});
					if (!r.ok) {
						session.send({ type: 'client.disconnect' });
						return o.onTlsRequiredFailure('cert');
					}
					if (attackerCert) {
						rec.attackerHasKeys = true;
						rec.note(
							'attacker',
							`Attacker opens its own TLS session to ${o.serverHost}:${o.port} and relays`,
							'tls.attacker-relays'
						);
					}
					if (o.check === 'none' && o.hop === 'relay') {
						rec.note(
							C,
							'Certificate not checked (opportunistic TLS)',
							'tls.opportunistic-unauthenticated'
						);
						if (o.mtaStsTesting && (o.cert !== 'valid' || attackerCert)) {
							rec.note(
								C,
								'MTA-STS testing: certificate check failed; reported, delivery continues',
								'policy.testing-report'
							);
						}
					}
					const after = session.send({ type: 'tls.finished' });
					if (replies(after).some((r) => r.injected)) {
						injectedRan = true;
						showReplies(after, () => 'attack.inject-executed');
					}
					upgraded = true;
				}
			}
		}
		if (!upgraded) {
			if (o.tlsRequired || o.requiretls) {
				const required = o.tlsRequired;
				rec.note(
					C,
					'No TLS available: stopping',
					required
						? o.hop === 'relay'
							? 'policy.no-starttls-stop'
							: 'smtp.no-starttls-stop'
						: requiretlsStop
				);
				quit();
				return o.onTlsRequiredFailure(required ? 'no-starttls' : 'requiretls');
			}
			rec.note(C, 'No TLS available: continuing in plaintext', 'smtp.no-starttls-continue');
			if (activeStrip) rec.downgraded = true;
		} else {
			if (injectedRan) {
				cmd(`EHLO ${o.clientHost}`, 'smtp.ehlo-after-tls');
				rec.note(
					C,
					'The client takes 250 2.0.0 Ok as the answer to its EHLO: replies are now out of step',
					'attack.inject-executed'
				);
				quit();
				return {
					kind: 'command-injected',
					fate: 'not-sent',
					headline: 'The server ran a command the client never sent',
					detail:
						'The attacker’s plaintext RSET, sent with STARTTLS, was executed inside the TLS session (CVE-2011-0411). Real attacks use this to steal mail or passwords; patched servers discard such plaintext.',
					reply: formatReply('resetOk').lines[0],
					rfc: 'RFC 8314 Appendix A'
				};
			}
			caps = ehlo('after-starttls');
		}
	} else if (party === 'inject-commands' || party === 'strip-starttls' || party === 'forge-454') {
		if (!session.hasTag('encrypted')) {
			rec.note(
				'attacker',
				'The client never asks for TLS: the attacker reads everything without editing a line',
				'smtp.no-starttls-continue'
			);
		}
	}

	// REQUIRETLS: the next hop must advertise it inside TLS (RFC 8689 §4.2.1).
	if (o.requiretls && !(session.hasTag('encrypted') && caps.requiretls)) {
		rec.note(C, 'Next hop does not advertise REQUIRETLS: not transmitting', requiretlsStop);
		quit();
		return o.onTlsRequiredFailure('requiretls');
	}

	// AUTH. A password sent before TLS has crossed in clear, whatever the server answers.
	let passwordInClear = false;
	if (o.credentials) {
		passwordInClear = !session.hasTag('encrypted');
		const pw = o.credentials === 'right' ? NAMES.password : NAMES.wrongPassword;
		const user = o.session.role === 'mx' ? NAMES.sender : NAMES.sender;
		const b64 = saslPlain(user, pw);
		cmd(`AUTH PLAIN ${b64}`, 'smtp.auth-plain', {
			carries: ['credentials'],
			decoded: showSaslPlain(b64) ?? undefined
		});
		const rs = showReplies(
			session.send({ type: 'client.auth', valid: o.credentials === 'right' }),
			(r) =>
				r.code === 235
					? 'smtp.auth-ok'
					: r.code === 535
						? 'smtp.auth-invalid'
						: r.key === 'mustStarttls'
							? 'smtp.must-starttls-password-sent'
							: r.key === 'authNotEnabled'
								? 'smtp.auth-not-enabled'
								: 'smtp.other-reply'
		);
		const r = last(rs);
		if (r && r.code === 535) {
			quit();
			return refused(
				r,
				'The password was rejected',
				'The server answered 535 5.7.8: wrong user name or password. The client should ask for new credentials.'
			);
		}
	}

	// Envelope.
	const mailText = `MAIL FROM:<${NAMES.sender}>${o.requiretls ? ' REQUIRETLS' : ''}`;
	cmd(mailText, o.requiretls ? 'smtp.mail-requiretls' : 'smtp.mail', { carries: ['envelope'] });
	let rs = showReplies(
		session.send({ type: 'client.mail', from: NAMES.sender, requiretls: o.requiretls }),
		(r) =>
			r.code === 250
				? 'smtp.mail-ok'
				: r.key === 'mustStarttls'
					? passwordInClear
						? 'smtp.must-starttls-password-sent'
						: 'smtp.must-starttls'
					: r.key === 'authRequired'
						? 'smtp.auth-required'
						: r.key === 'unsupportedOption'
							? 'smtp.unsupported-option'
							: 'smtp.other-reply'
	);
	let r = last(rs);
	if (!r || r.code !== 250) {
		quit();
		return refused(
			r,
			r?.key === 'mustStarttls'
				? 'Refused: TLS is required first'
				: 'Refused: authentication required',
			r?.key === 'mustStarttls'
				? `The server requires STARTTLS before any mail command and answered 530 5.7.0. A client must require TLS itself${passwordInClear ? ': by now it has already sent its password in clear.' : '; this one sent no password, but its envelope crossed in clear.'}`
				: 'A submission server accepts mail only from authenticated users (530 5.7.0).'
		);
	}
	cmd(`RCPT TO:<${o.rcpt}>`, 'smtp.rcpt', { carries: ['envelope'] });
	rs = showReplies(session.send({ type: 'client.rcpt', to: o.rcpt, local: o.rcptLocal }), (x) =>
		x.code === 250
			? 'smtp.rcpt-ok'
			: x.key === 'relayDenied'
				? 'smtp.relay-denied'
				: 'smtp.other-reply'
	);
	r = last(rs);
	if (!r || r.code !== 250) {
		quit();
		return refused(
			r,
			'Relay access denied',
			`This server does not handle ${o.rcpt.split('@')[1]} and the sender has not authenticated, so it will not pass the message on. (RFC 5321 recommends 550 5.7.1; Postfix's default is 554 5.7.1.)`
		);
	}
	cmd('DATA', 'smtp.data');
	showReplies(session.send({ type: 'client.data' }), () => 'smtp.data-go-ahead');
	rec.add({
		from: C,
		to: S,
		layer: 'SMTP',
		kind: 'message',
		text: messageLines({ received: o.received }),
		encrypted: session.hasTag('encrypted'),
		explain: 'smtp.message',
		carries: ['message']
	});
	showReplies(session.send({ type: 'client.message' }), () => 'smtp.queued');
	quit();
	session.stop();
	return null;

	function refused(reply: Reply | undefined, headline: string, detail: string): Stop {
		return {
			kind: 'refused',
			fate: 'refused',
			headline,
			detail,
			reply: reply ? replyText(reply) : undefined,
			rfc: reply?.rfc ?? 'RFC 5321 §4.2'
		};
	}
}

/** TCP blocked / closed port checks before any hop. */
function connectProblem(
	rec: Recorder,
	o: {
		from: Party;
		to: Party;
		host: string;
		port: number;
		blocked: number[];
		listening: boolean;
		who: string;
	}
): Stop | null {
	if (o.blocked.includes(o.port)) {
		rec.add({
			from: o.from,
			to: 'firewall',
			layer: 'TCP',
			kind: 'tcp-connect',
			text: `TCP connect to ${o.host}:${o.port} (SYN)`,
			encrypted: false,
			explain: 'tcp.connect'
		});
		rec.add({
			from: o.from,
			to: o.from,
			layer: 'TCP',
			kind: 'tcp-timeout',
			text: `No answer from ${o.host}:${o.port}: connection timed out`,
			encrypted: false,
			explain: 'tcp.blocked'
		});
		return {
			kind: 'blocked',
			fate: 'blocked',
			headline: `Port ${o.port} is blocked on the ${o.who}’s network`,
			detail: `Outbound connections to port ${o.port} are dropped, so the connection times out.${
				o.port !== 25
					? ''
					: o.from !== 'client'
						? ' Blocking outbound port 25 is common on cloud networks, and relay to an MX has no other port: send through a relay (smarthost) on 587 or 465, or an email provider’s 2525, or ask the network’s operator to lift the block.'
						: ' Blocking port 25 against spam is common on residential and cloud networks; submission belongs on 465 or 587.'
			}`,
			// RFC 5068 §4.1 forbids blocking 587 only; the other ports fall under §4 in general.
			rfc:
				o.port === 25
					? o.from !== 'client'
						? 'RFC 5068 §4; RFC 8314 §7.3'
						: 'RFC 5068 §4; RFC 6409 §1'
					: o.port === 587
						? 'RFC 5068 §4.1'
						: 'RFC 5068 §4'
		};
	}
	if (!o.listening) {
		rec.add({
			from: o.from,
			to: o.to,
			layer: 'TCP',
			kind: 'tcp-connect',
			text: `TCP connect to ${o.host}:${o.port} (SYN)`,
			encrypted: false,
			explain: 'tcp.connect'
		});
		rec.add({
			from: o.to,
			to: o.from,
			layer: 'TCP',
			kind: 'tcp-refused',
			text: 'Connection refused (RST)',
			encrypted: false,
			explain: 'tcp.refused'
		});
		return {
			kind: 'refused',
			fate: 'not-sent',
			headline: `Nothing listens on port ${o.port}`,
			detail: `${o.host} does not accept connections on port ${o.port}; the connection is refused at once.`,
			rfc: 'RFC 5321 §3.1'
		};
	}
	return null;
}

function submissionPhase(rec: Recorder, s: Scenario): Stop | null {
	rec.hop = 'submission';
	const toMx = s.server.role === 'mx';
	const host = toMx ? NAMES.mxHost : NAMES.msaHost;
	const S: Party = toMx ? 'mx' : 'submission-server';
	const listen = s.server.listen[s.port];
	const blocked = connectProblem(rec, {
		from: 'client',
		to: S,
		host,
		port: s.port,
		blocked: s.network.blocked,
		listening: listen !== 'closed',
		who: 'mail program'
	});
	if (blocked) return blocked;
	const rcpt = toMx && !s.recipientLocal ? NAMES.foreignRecipient : NAMES.recipient;
	return smtpHop(rec, s, {
		hop: 'submission',
		client: 'client',
		server: S,
		clientHost: NAMES.clientHost,
		serverHost: host,
		port: s.port,
		session: {
			serverHost: host,
			listen: listen === 'implicit-tls' ? 'implicit-tls' : 'plaintext',
			role: s.server.role,
			starttls: s.server.starttls,
			tlsBeforeAuth: s.server.tlsBeforeAuth,
			requireTls: s.server.requireTls,
			requiretls: s.server.requiretls,
			patched: s.server.patched,
			sizeLimit: toMx ? 52428800 : 10240000,
			queueId: toMx ? NAMES.queueIdMx : NAMES.queueIdMsa
		},
		security: s.client.security,
		tlsRequired: s.client.security === 'starttls-required',
		check: s.client.validatesCerts ? 'pkix' : 'none',
		cert: s.server.cert,
		credentials: s.client.credentials === 'none' ? null : s.client.credentials,
		rcpt,
		rcptLocal: toMx ? s.recipientLocal : false,
		// A message to travel with REQUIRETLS carries it from its submission on: a submission
		// server that does not advertise it stops the message here rather than letting it leave
		// without the tag (RFC 8689 §2, §4.2.1).
		requiretls: s.policy.requireTls,
		received: false,
		mtaStsTesting: false,
		onTlsRequiredFailure: (why) => SUBMISSION_STOPPED[why]
	});
}

/** Why a mail program that requires TLS (or REQUIRETLS) stopped before sending anything. */
const SUBMISSION_STOPPED: Record<'no-starttls' | 'cert' | 'requiretls', Stop> = {
	'no-starttls': {
		kind: 'tls-failed',
		fate: 'not-sent',
		headline: 'TLS could not be started: the client stopped',
		detail:
			'The client requires TLS and the server (or someone on the path) did not offer it, so it quit before sending a password or the message.',
		rfc: 'RFC 8314 §5.2'
	},
	cert: {
		kind: 'tls-failed',
		fate: 'not-sent',
		headline: 'The certificate was rejected: nothing was sent',
		detail:
			'The client checks certificates and this one failed, so it aborted the handshake before sending a password or the message. That is exactly what it should do.',
		rfc: 'RFC 8314 §5.3; RFC 7817 §3'
	},
	requiretls: {
		kind: 'tls-failed',
		fate: 'not-sent',
		headline: 'The submission server does not support REQUIRETLS: nothing was sent',
		detail:
			'The message is to travel with REQUIRETLS, which needs TLS and a server that advertises REQUIRETLS at every hop. This submission server did not offer both, so the mail program stopped before sending a password or the message, and tells its user.',
		rfc: 'RFC 8689 §2, §4.2.1'
	}
};

function relayPhase(rec: Recorder, s: Scenario): Stop | null {
	rec.hop = 'relay';
	const from: Party = 'sending-mta';
	const domain = NAMES.mxDomain;
	rec.add({
		from,
		to: 'dns',
		layer: 'DNS',
		kind: 'dns-query',
		text: `${domain}. IN MX ?`,
		encrypted: false,
		explain: 'dns.mx-query'
	});
	rec.add({
		from: 'dns',
		to: from,
		layer: 'DNS',
		kind: 'dns-answer',
		text: `${domain}. IN MX 10 ${NAMES.mxHost}.\n${domain}. IN MX 20 ${NAMES.mxBackupHost}.`,
		encrypted: false,
		explain: 'dns.mx-answer'
	});
	rec.add({
		from,
		to: 'dns',
		layer: 'DNS',
		kind: 'dns-query',
		text: `${NAMES.mxHost}. IN A ?`,
		encrypted: false,
		explain: 'dns.a-query'
	});
	rec.add({
		from: 'dns',
		to: from,
		layer: 'DNS',
		kind: 'dns-answer',
		text: `${NAMES.mxHost}. IN A ${NAMES.mxAddress}`,
		encrypted: false,
		explain: 'dns.a-answer'
	});
	const sts = s.policy.mtaSts;
	if (sts !== 'none') {
		rec.add({
			from,
			to: 'dns',
			layer: 'DNS',
			kind: 'dns-query',
			text: `_mta-sts.${domain}. IN TXT ?`,
			encrypted: false,
			explain: 'dns.mta-sts-query'
		});
		rec.add({
			from: 'dns',
			to: from,
			layer: 'DNS',
			kind: 'dns-answer',
			text: `_mta-sts.${domain}. IN TXT "v=STSv1; id=20240101T000000;"`,
			encrypted: false,
			explain: 'dns.mta-sts-answer'
		});
		rec.add({
			from,
			to: from,
			layer: 'LOCAL',
			kind: 'policy',
			text: `https://mta-sts.${domain}/.well-known/mta-sts.txt: version: STSv1, mode: ${sts}, mx: ${NAMES.mxHost}, max_age: 604800`,
			encrypted: false,
			explain: 'policy.mta-sts'
		});
	}
	if (s.policy.dane) {
		rec.add({
			from,
			to: 'dns',
			layer: 'DNS',
			kind: 'dns-query',
			text: `_25._tcp.${NAMES.mxHost}. IN TLSA ?`,
			encrypted: false,
			explain: 'dns.tlsa-query'
		});
		rec.add({
			from: 'dns',
			to: from,
			layer: 'DNS',
			kind: 'dns-answer',
			text: `_25._tcp.${NAMES.mxHost}. IN TLSA 3 1 1 8f3c…e2a1 (DNSSEC: secure)`,
			encrypted: false,
			explain: 'dns.tlsa-answer'
		});
	}
	const blocked = connectProblem(rec, {
		from,
		to: 'mx',
		host: NAMES.mxHost,
		port: RELAY_PORT,
		blocked: s.network.mtaBlocked,
		listening: true,
		who: 'sending server'
	});
	if (blocked) return blocked;
	const check: CertCheck = s.policy.dane
		? 'dane'
		: sts === 'enforce' || s.policy.requireTls
			? 'pkix'
			: 'none';
	const defer = (why: string): Stop => ({
		kind: 'deferred',
		fate: 'deferred',
		headline: s.policy.dane
			? 'Deferred: DANE requires TLS to this MX'
			: 'Deferred: MTA-STS enforce requires validated TLS',
		detail: `${why} The sending server keeps the message in its queue and retries later instead of delivering it unprotected.`,
		rfc: s.policy.dane ? 'RFC 7672 §2.2.3' : 'RFC 8461 §5'
	});
	const bounce = (why: 'no-starttls' | 'cert' | 'requiretls'): Stop => {
		const r = formatReply(why === 'requiretls' ? 'requireTlsSupportRequired' : 'encryptionNeeded');
		return {
			kind: 'bounced',
			fate: 'bounced',
			headline:
				why === 'requiretls'
					? 'Bounced: the next hop does not support REQUIRETLS'
					: 'Bounced: REQUIRETLS could not be met',
			detail:
				'The message carries REQUIRETLS, so it may only travel over validated TLS to servers that support REQUIRETLS. The sending server returns it to the sender with a delivery status notification.',
			reply: r.lines[0],
			rfc: 'RFC 8689 §4.2.1'
		};
	};
	return smtpHop(rec, s, {
		hop: 'relay',
		client: from,
		server: 'mx',
		clientHost: NAMES.msaHost,
		serverHost: NAMES.mxHost,
		port: RELAY_PORT,
		session: {
			serverHost: NAMES.mxHost,
			listen: 'plaintext',
			role: 'mx',
			starttls: s.mx.starttls,
			tlsBeforeAuth: false,
			requireTls: false,
			requiretls: s.mx.requiretls,
			patched: s.mx.patched,
			sizeLimit: 52428800,
			queueId: NAMES.queueIdMx
		},
		security: 'opportunistic',
		tlsRequired: s.policy.dane || sts === 'enforce',
		check,
		cert: s.mx.cert,
		credentials: null,
		rcpt: NAMES.recipient,
		rcptLocal: s.recipientLocal,
		requiretls: s.policy.requireTls,
		received: true,
		mtaStsTesting: sts === 'testing',
		onTlsRequiredFailure: (why) => {
			if (s.policy.requireTls && !(s.policy.dane || sts === 'enforce')) return bounce(why);
			if (s.policy.requireTls && why === 'requiretls') return bounce(why);
			return defer(
				why === 'cert'
					? 'The MX certificate did not pass the check the policy requires.'
					: 'The MX did not offer STARTTLS (or someone removed it).'
			);
		}
	});
}

function receiptPhase(rec: Recorder, s: Scenario): Stop | null {
	rec.hop = null;
	rec.add({
		from: 'mx',
		to: 'mailbox',
		layer: 'LOCAL',
		kind: 'delivery',
		text: `Delivered to the mailbox of ${NAMES.recipient}`,
		encrypted: false,
		explain: 'local.delivery'
	});
	return retrieval(rec, s);
}

function retrieval(rec: Recorder, s: Scenario): Stop | null {
	rec.hop = 'retrieval';
	const { protocol, port, security } = s.retrieval;
	const imap = protocol === 'imap';
	const layer: Layer = imap ? 'IMAP' : 'POP3';
	const host = imap ? NAMES.accessHost : NAMES.popHost;
	const implicitPort = PORTS[port].tls === 'implicit-tls';
	const party = s.onPath.hop === 'retrieval' ? s.onPath.party : 'none';
	const blocked = connectProblem(rec, {
		from: 'client',
		to: 'mailbox',
		host,
		port,
		blocked: s.network.blocked,
		listening: true,
		who: 'reading client'
	});
	if (blocked) return blocked;
	let encrypted = false;
	const C: Party = 'client';
	const M: Party = 'mailbox';
	const cmd = (text: string, explain: ExplainKey, extra: Partial<StepInput> = {}) =>
		rec.add({ from: C, to: M, layer, kind: 'command', text, encrypted, explain, ...extra });
	const rep = (text: string, explain: ExplainKey, extra: Partial<StepInput> = {}) =>
		rec.add({ from: M, to: C, layer, kind: 'reply', text, encrypted, explain, ...extra });
	rec.add({
		from: C,
		to: M,
		layer: 'TCP',
		kind: 'tcp-connect',
		text: `TCP connect to ${host}:${port}`,
		encrypted: false,
		explain: 'tcp.connect',
		observed: `TCP connect to ${NAMES.accessAddress}:${port}`
	});

	const tlsStop = (why: 'cert' | 'none'): Stop => ({
		kind: 'tls-failed',
		fate: 'not-sent',
		headline:
			why === 'cert'
				? 'The certificate was rejected: the password was not sent'
				: 'TLS could not be started: the reading client stopped',
		detail:
			why === 'cert'
				? 'The reading client checks certificates and this one failed, so it stopped before logging in.'
				: 'The reading client requires TLS and it was not offered, so it stopped before sending the password.',
		rfc: why === 'cert' ? 'RFC 8314 §5.3' : 'RFC 8314 §5.2'
	});
	const doTls = (): boolean => {
		const attackerCert = party === 'fake-cert';
		const r = handshake(rec, {
			client: C,
			server: attackerCert ? 'attacker' : M,
			sni: host,
			cert: attackerCert ? 'attacker' : 'valid',
			check: s.client.validatesCerts ? 'pkix' : 'none',
			peerSpeaksTls: true,
			layer: 'TLS'
		});
		if (!r.ok) return false;
		if (attackerCert) {
			rec.attackerHasKeys = true;
			rec.note(
				'attacker',
				`Attacker opens its own TLS session to ${host}:${port} and relays`,
				'tls.attacker-relays'
			);
		}
		encrypted = true;
		return true;
	};

	if (security === 'implicit' && !implicitPort) {
		rep(
			imap
				? `* OK [CAPABILITY IMAP4rev2 STARTTLS LOGINDISABLED] ${host} ready`
				: `+OK ${host} POP3 ready`,
			'access.greeting'
		);
		handshake(rec, {
			client: C,
			server: M,
			sni: host,
			cert: 'valid',
			check: 'pkix',
			peerSpeaksTls: false,
			layer: 'TLS'
		});
		return {
			kind: 'tls-mismatch',
			fate: 'not-sent',
			headline: `Wrong TLS mode: implicit TLS on port ${port}`,
			detail: `Port ${port} starts in plaintext; use ${imap ? 993 : 995} for implicit TLS.`,
			rfc: imap ? 'RFC 9051 §2.1' : 'RFC 8314 §3.1'
		};
	}
	if (security !== 'implicit' && implicitPort) {
		rec.add({
			from: C,
			to: C,
			layer: 'TCP',
			kind: 'tcp-timeout',
			text: 'No greeting received: timed out',
			encrypted: false,
			explain: 'access.no-greeting'
		});
		return {
			kind: 'tls-mismatch',
			fate: 'not-sent',
			headline: `Wrong TLS mode: plaintext client on implicit-TLS port ${port}`,
			detail: `Port ${port} expects a TLS handshake first; the client waits for a greeting that never comes.`,
			rfc: imap ? 'RFC 8314 §3.2' : 'RFC 8314 §3.1'
		};
	}
	if (implicitPort) {
		if (!doTls()) return tlsStop('cert');
	}
	// Greeting.
	const plainCaps = imap ? 'IMAP4rev2 STARTTLS LOGINDISABLED' : '';
	if (imap)
		rep(
			encrypted
				? `* OK [CAPABILITY IMAP4rev2 AUTH=PLAIN] ${host} ready`
				: `* OK [CAPABILITY ${plainCaps}] ${host} ready`,
			'access.greeting'
		);
	else rep(`+OK ${host} POP3 ready`, 'access.greeting');

	let tag = 0;
	const t = () => `a${++tag}`;
	if (!encrypted && security !== 'none') {
		let offered = true;
		if (!imap) {
			cmd('CAPA', 'access.other');
			const full = ['+OK', 'STLS', 'USER', 'SASL PLAIN', '.'];
			if (party === 'strip-starttls') {
				rep(full.join('\n'), 'access.other');
				rep(full.filter((l) => l !== 'STLS').join('\n'), 'attack.strip-starttls-access', {
					tampered: 'deleted STLS from the capability list'
				});
				offered = false;
			} else rep(full.join('\n'), 'access.other');
		} else if (party === 'strip-starttls') {
			rec.add({
				from: 'attacker',
				to: C,
				layer,
				kind: 'reply',
				text: `* OK [CAPABILITY IMAP4rev2] ${host} ready`,
				encrypted: false,
				explain: 'attack.strip-starttls-access',
				tampered: 'deleted STARTTLS and LOGINDISABLED from the greeting'
			});
			offered = false;
		}
		let upgraded = false;
		if (offered) {
			const tg = imap ? t() : '';
			cmd(imap ? `${tg} STARTTLS` : 'STLS', 'access.starttls');
			if (party === 'forge-454') {
				rec.add({
					from: 'attacker',
					to: C,
					layer,
					kind: 'reply',
					text: imap ? `${tg} NO STARTTLS unavailable` : '-ERR STLS unavailable',
					encrypted: false,
					explain: 'attack.forge-refusal-access',
					tampered: 'forged a refusal in place of the server’s OK'
				});
			} else {
				rep(
					imap ? `${tg} OK Begin TLS negotiation now` : '+OK Begin TLS negotiation',
					'access.starttls'
				);
				if (!doTls()) return tlsStop('cert');
				upgraded = true;
				if (imap) {
					const tc = t();
					cmd(`${tc} CAPABILITY`, 'access.other');
					rep(`* CAPABILITY IMAP4rev2 AUTH=PLAIN\n${tc} OK CAPABILITY completed`, 'access.other');
				}
			}
		}
		if (!upgraded) {
			if (security === 'starttls-required') {
				rec.note(C, 'No TLS available: stopping', 'smtp.no-starttls-stop');
				return tlsStop('none');
			}
			rec.note(C, 'No TLS available: continuing in plaintext', 'smtp.no-starttls-continue');
			if (party === 'strip-starttls' || party === 'forge-454') rec.downgraded = true;
		}
	}
	// Login.
	const pw = s.client.credentials === 'wrong' ? NAMES.wrongPassword : NAMES.recipientPassword;
	const ok = s.client.credentials !== 'wrong';
	if (imap) {
		const tl = t();
		const b64 = saslPlain(NAMES.recipient, pw);
		cmd(`${tl} AUTHENTICATE PLAIN ${b64}`, 'access.login', {
			carries: ['credentials'],
			decoded: showSaslPlain(b64) ?? undefined
		});
		if (!encrypted) {
			rep(
				`${tl} NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.`,
				'access.plaintext-refused'
			);
			return plaintextRefused();
		}
		if (!ok) {
			rep(`${tl} NO [AUTHENTICATIONFAILED] Authentication failed.`, 'access.login-failed');
			return loginFailed();
		}
		rep(`${tl} OK [CAPABILITY IMAP4rev2] Logged in`, 'access.login-ok');
		const ts = t();
		cmd(`${ts} SELECT INBOX`, 'access.other');
		rep(`* 1 EXISTS\n${ts} OK [READ-WRITE] SELECT completed`, 'access.other');
		const tf = t();
		cmd(`${tf} FETCH 1 BODY[]`, 'access.fetch');
		const body = messageLines({ received: true }).split('\n').slice(0, -1).join('\n');
		rep(
			`* 1 FETCH (BODY[] {${wireBytes(body)}}\n${body}\n)\n${tf} OK FETCH completed`,
			'access.message',
			{ carries: ['message'] }
		);
		const to = t();
		cmd(`${to} LOGOUT`, 'access.logout');
		rep(`* BYE Logging out\n${to} OK LOGOUT completed`, 'access.logout');
	} else {
		cmd(`USER ${NAMES.recipient}`, 'access.login', { carries: ['envelope'] });
		if (!encrypted) {
			rep(
				'-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.',
				'access.plaintext-refused'
			);
			return plaintextRefused();
		}
		rep('+OK', 'access.other');
		cmd(`PASS ${pw}`, 'access.login', { carries: ['credentials'], decoded: pw });
		if (!ok) {
			rep('-ERR [AUTH] Authentication failed.', 'access.login-failed');
			return loginFailed();
		}
		rep('+OK Logged in.', 'access.login-ok');
		cmd('RETR 1', 'access.fetch');
		const body = messageLines({ received: true });
		rep(`+OK ${wireBytes(body)} octets\n${body}`, 'access.message', { carries: ['message'] });
		cmd('QUIT', 'access.logout');
		rep('+OK Logging out.', 'access.logout');
	}
	return null;

	function plaintextRefused(): Stop {
		return {
			kind: 'refused',
			fate: 'delivered',
			headline: 'Login refused without TLS',
			detail:
				'The mailbox server does not accept passwords over a connection without TLS. Any password the client sent has already crossed the network in clear.',
			rfc: 'RFC 8314 §4.1'
		};
	}
	function loginFailed(): Stop {
		return {
			kind: 'refused',
			fate: 'delivered',
			headline: 'The password was rejected',
			detail: 'The message is in the mailbox, but the reader could not log in to fetch it.',
			rfc: imap ? 'RFC 9051 §7.1' : 'RFC 1939 §7'
		};
	}
}

const DELIVERED: Record<JourneyPhase, Omit<Stop, 'kind' | 'fate'>> = {
	submission: {
		headline: 'Submitted: the server queued the message',
		detail:
			'The submission server accepted the message and will relay it to the recipient’s MX on port 25.',
		rfc: 'RFC 6409 §3.1'
	},
	relay: {
		headline: 'Relayed: the recipient’s MX accepted the message',
		detail:
			'The MX found via DNS accepted the message on port 25 and will deliver it to the mailbox.',
		rfc: 'RFC 5321 §5.1'
	},
	receipt: {
		headline: 'Delivered and read',
		detail: 'The message reached the mailbox and the recipient fetched it.',
		rfc: 'RFC 5321 §2.3.10'
	}
};

const EXPOSURE_ORDER: Exposure[] = ['credentials', 'envelope', 'message'];

/** Runs a scenario (normalised first, so any input gives a defined result). */
export function runScenario(input: Scenario): RunResult {
	const { scenario: s } = normalizeScenario(input);
	const rec = new Recorder(s);
	const journey = createActor(journeyMachine, { input: { phase: s.phase } });
	journey.start();
	let stop: Stop | null = null;
	let lastPhase: JourneyPhase = 'submission';
	for (;;) {
		const snap = journey.getSnapshot();
		if (snap.status === 'done') break;
		const phase = currentPhase(snap.value);
		if (!phase) break;
		lastPhase = phase;
		if (phase !== 'submission') rec.attackerHasKeys = false;
		if (phase === 'relay' && s.phase === 'journey') {
			rec.note(
				'submission-server',
				'The submission server decrypts, queues and relays the message',
				'local.hop-by-hop'
			);
		}
		stop =
			phase === 'submission'
				? submissionPhase(rec, s)
				: phase === 'relay'
					? relayPhase(rec, s)
					: receiptPhase(rec, s);
		rec.attackerHasKeys = false;
		journey.send(stop ? { type: 'phase.failed' } : { type: 'phase.completed' });
	}
	journey.stop();
	const exposures = EXPOSURE_ORDER.filter((e) => rec.exposures.has(e));
	const atRisk = EXPOSURE_ORDER.filter((e) => rec.atRisk.has(e));
	const base: Stop = stop ?? { kind: 'delivered', fate: 'delivered', ...DELIVERED[lastPhase] };
	let outcome: Outcome = { ...base, exposures, atRisk, phase: lastPhase };
	outcome = escalate(outcome, rec.downgraded, rec.credentialLeak);
	return { scenario: s, steps: rec.steps, outcome };
}

/** How a captured password became readable: SASL PLAIN in clear (SMTP or IMAP), or decrypted. */
type CredentialLeak = 'smtp-plain' | 'imap-plain' | 'decrypted';

/** How a captured password became readable, in words, with the RFC sections behind it. */
const LEAK_TEXT = {
	'smtp-plain': {
		text: 'An on-path observer read the password: AUTH PLAIN is only base64, which anyone can decode.',
		rfc: 'RFC 4954 §4; RFC 4616 §2; RFC 8314 §4.1'
	},
	'imap-plain': {
		text: 'An on-path observer read the password: AUTHENTICATE PLAIN is only base64, which anyone can decode.',
		rfc: 'RFC 4616 §2; RFC 8314 §4.1'
	},
	decrypted: {
		text: 'The client accepted the attacker’s certificate without validating it, so the attacker decrypted the session and read the password: TLS without certificate validation is encrypted but not protected.',
		rfc: 'RFC 8314 §5.3; RFC 7817 §3'
	}
} as const;

/** Exposure outranks the message's fate: a delivered message whose password leaked is a leak. */
function escalate(o: Outcome, downgraded: boolean, leak: CredentialLeak | null): Outcome {
	if (o.kind === 'blocked' || o.kind === 'tls-mismatch' || o.kind === 'command-injected') return o;
	const suffix =
		o.fate === 'delivered'
			? ' The message itself got through.'
			: o.reply
				? ` The server answered: ${o.reply.split('\n')[0]}.`
				: '';
	if (o.exposures.includes('credentials')) {
		return {
			...o,
			kind: 'credentials-exposed',
			headline: 'The password was exposed on the network',
			detail: `${LEAK_TEXT[leak ?? 'smtp-plain'].text}${downgraded ? ' The attacker first removed TLS from the session.' : ''}${suffix}`,
			rfc: LEAK_TEXT[leak ?? 'smtp-plain'].rfc
		};
	}
	if (downgraded) {
		return {
			...o,
			kind: 'downgraded',
			headline: 'Downgraded: an attacker removed TLS',
			detail: `An active attacker suppressed STARTTLS and the client carried on in plaintext, so everything after it was readable and changeable.${suffix}`,
			rfc: 'RFC 3207 §6; RFC 7672 §1.3.1'
		};
	}
	if (o.exposures.includes('message')) {
		return {
			...o,
			kind: 'message-exposed',
			headline: 'The message was exposed on the network',
			detail: `An on-path observer read the envelope and the whole message.${suffix}`,
			rfc: 'RFC 3207 §6; RFC 8314 §1'
		};
	}
	return o;
}
