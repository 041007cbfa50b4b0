/**
 * The shape of a simulation result: the ordered steps (who sends what to whom, on which layer,
 * inside TLS or not, and exactly what an on-path observer captures) and the outcome.
 *
 * Leaves to others: producing results (run-scenario.ts) and drawing them (the UI).
 */
import type { Scenario } from './scenario';

export const PARTIES = [
	'client',
	'submission-server',
	'sending-mta',
	'dns',
	'mx',
	'mailbox',
	'attacker',
	'firewall'
] as const;
export type Party = (typeof PARTIES)[number];

export const PARTY_LABELS: Readonly<Record<Party, string>> = {
	client: 'Mail program',
	'submission-server': 'Submission server',
	'sending-mta': 'Sending mail server',
	dns: 'DNS',
	mx: 'Recipient’s mail server (MX)',
	mailbox: 'Mailbox server',
	attacker: 'On-path attacker',
	firewall: 'Firewall'
};

export const LAYERS = ['DNS', 'TCP', 'TLS', 'SMTP', 'IMAP', 'POP3', 'LOCAL'] as const;
export type Layer = (typeof LAYERS)[number];

export type StepKind =
	| 'dns-query'
	| 'dns-answer'
	| 'tcp-connect'
	| 'tcp-refused'
	| 'tcp-timeout'
	| 'tcp-close'
	| 'tls-hello'
	| 'tls-handshake'
	| 'tls-alert'
	| 'command'
	| 'reply'
	| 'message'
	| 'delivery'
	| 'policy'
	| 'note';

export interface Step {
	index: number;
	from: Party;
	to: Party;
	layer: Layer;
	kind: StepKind;
	/** Exact wire text; a multi-line reply has one line per `\n`. */
	text: string;
	encrypted: boolean;
	/** What an on-path observer captures; null when nobody watches this hop. */
	observer: string | null;
	/** E.g. decoded AUTH PLAIN credentials, when the observer can read them. */
	decoded?: string;
	/**
	 * Encrypted on the wire, yet read by the on-path party: an attacker the client let terminate TLS
	 * (it accepted a certificate it did not validate, RFC 8314 §5.3) holds the session keys.
	 */
	decrypted?: true;
	explain: string;
	explanation: string;
	rfc: string;
	/** What the attacker changed. */
	tampered?: string;
	/** Which network hop this step crosses (null for local steps). */
	hop: 'submission' | 'relay' | 'retrieval' | null;
}

export const OUTCOME_KINDS = [
	'delivered',
	'refused',
	'blocked',
	'tls-mismatch',
	'downgraded',
	'credentials-exposed',
	'message-exposed',
	'deferred',
	'bounced',
	'tls-failed',
	'command-injected'
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export type Exposure = 'credentials' | 'envelope' | 'message';

export interface Outcome {
	kind: OutcomeKind;
	headline: string;
	detail: string;
	/** The deciding reply, e.g. `530 5.7.0 Must issue a STARTTLS command first`. */
	reply?: string;
	rfc: string;
	/** What happened to the message itself, whatever an observer saw. */
	fate: 'delivered' | 'refused' | 'blocked' | 'not-sent' | 'deferred' | 'bounced';
	/** What an on-path observer actually captured in readable form. */
	exposures: Exposure[];
	/** What crossed a hop readable by anyone on that hop, watched or not. */
	atRisk: Exposure[];
	/** Phase where the run stopped. */
	phase: 'submission' | 'relay' | 'receipt';
}

export interface RunResult {
	scenario: Scenario;
	steps: Step[];
	outcome: Outcome;
}
