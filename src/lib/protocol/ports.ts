/**
 * Port facts: every TCP port the lab talks about, with its IANA service name, the phase it serves,
 * how TLS starts on it and the RFC section each fact comes from (fact sheet §1 and §5).
 *
 * Leaves to others: what a server actually listens on (a scenario says that) and which port to
 * recommend (the advisor decides, from these facts).
 *
 * RFC sections: RFC 5321 §4.5.4.2 (port 25), RFC 6409 §3.1 (587), RFC 8314 §3.1–3.3 and §7.3 (465,
 * 993, 995), RFC 9051 §2.1 (143/993), RFC 1939 §3 (110), RFC 2595 §4 (STLS).
 */

/** Ports a client can use for SMTP in the lab. */
export const SMTP_PORTS = [25, 465, 587, 2525] as const;
export type SmtpPort = (typeof SMTP_PORTS)[number];

/** Ports for mail access (retrieval). */
export const RETRIEVAL_PORTS = [993, 143, 995, 110] as const;
export type RetrievalPort = (typeof RETRIEVAL_PORTS)[number];

export type PortNumber = SmtpPort | RetrievalPort;

/** How TLS starts on a port by convention. */
export type PortTlsMode = 'starttls' | 'implicit-tls' | 'stls';

export interface PortFact {
	readonly port: PortNumber;
	/** IANA service name(s); 2525 has none for SMTP. */
	readonly ianaService: string;
	/** Whether IANA assigns this port to a mail protocol. */
	readonly ianaMail: boolean;
	readonly protocol: 'SMTP' | 'IMAP' | 'POP3';
	readonly phase: 'relay' | 'submission' | 'retrieval';
	readonly tls: PortTlsMode;
	/** Plain-words summary for labels. */
	readonly summary: string;
	readonly rfc: string;
}

export const PORTS: Readonly<Record<PortNumber, PortFact>> = {
	25: {
		port: 25,
		ianaService: 'smtp',
		ianaMail: true,
		protocol: 'SMTP',
		phase: 'relay',
		tls: 'starttls',
		summary: 'Server-to-server relay and MX receipt; starts in plaintext, opportunistic STARTTLS.',
		rfc: 'RFC 5321 §4.5.4.2'
	},
	465: {
		port: 465,
		ianaService: 'submissions (also urd)',
		ianaMail: true,
		protocol: 'SMTP',
		phase: 'submission',
		tls: 'implicit-tls',
		summary: 'Message submission over implicit TLS: the TLS handshake begins immediately.',
		rfc: 'RFC 8314 §3.3'
	},
	587: {
		port: 587,
		ianaService: 'submission',
		ianaMail: true,
		protocol: 'SMTP',
		phase: 'submission',
		tls: 'starttls',
		summary: 'Message submission; starts in plaintext and upgrades with STARTTLS.',
		rfc: 'RFC 6409 §3.1'
	},
	2525: {
		port: 2525,
		ianaService: 'ms-v-worlds',
		ianaMail: false,
		protocol: 'SMTP',
		phase: 'submission',
		tls: 'starttls',
		summary:
			'Not an IANA SMTP port: a vendor convention for submission to email service providers.',
		rfc: 'IANA port registry (2525 = ms-v-worlds)'
	},
	993: {
		port: 993,
		ianaService: 'imaps',
		ianaMail: true,
		protocol: 'IMAP',
		phase: 'retrieval',
		tls: 'implicit-tls',
		summary: 'IMAP over implicit TLS.',
		rfc: 'RFC 8314 §3.2'
	},
	143: {
		port: 143,
		ianaService: 'imap',
		ianaMail: true,
		protocol: 'IMAP',
		phase: 'retrieval',
		tls: 'starttls',
		summary: 'IMAP; starts in plaintext and upgrades with STARTTLS.',
		rfc: 'RFC 9051 §2.1; RFC 9051 §11.2'
	},
	995: {
		port: 995,
		ianaService: 'pop3s',
		ianaMail: true,
		protocol: 'POP3',
		phase: 'retrieval',
		tls: 'implicit-tls',
		summary: 'POP3 over implicit TLS.',
		rfc: 'RFC 8314 §3.1'
	},
	110: {
		port: 110,
		ianaService: 'pop3',
		ianaMail: true,
		protocol: 'POP3',
		phase: 'retrieval',
		tls: 'stls',
		summary: 'POP3; starts in plaintext and upgrades with STLS.',
		rfc: 'RFC 1939 §3; RFC 2595 §4'
	}
};

/** Relay to an MX always uses port 25: an MX record carries no port (RFC 8314 §7.3). */
export const RELAY_PORT = 25 as const satisfies SmtpPort;
export const RELAY_PORT_RFC = 'RFC 8314 §7.3';

export function isSmtpPort(n: unknown): n is SmtpPort {
	return typeof n === 'number' && (SMTP_PORTS as readonly number[]).includes(n);
}

export function isRetrievalPort(n: unknown): n is RetrievalPort {
	return typeof n === 'number' && (RETRIEVAL_PORTS as readonly number[]).includes(n);
}
