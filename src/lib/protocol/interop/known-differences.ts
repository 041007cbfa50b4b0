/**
 * Every known, legitimate difference between the real stacks (smtp-server 3.21, nodemailer 10.6)
 * and the simulator's Postfix-like model, named once so the interop specs can cite each one where
 * they allow for it. Nothing is filtered silently: a spec that adjusts an expectation passes the
 * difference's id to `allow()` (or applies the named transform), and the report lists them.
 *
 * Sources: ../../../../../shared/stack.md ("Gotchas"), the fact sheet §3, and the RFCs cited.
 *
 * Leaves to others: the comparisons themselves (the *.interop.spec.ts files).
 */
import type { Dialogue } from './harness';

export interface KnownDifference {
	/** What the real software does. */
	real: string;
	/** What the simulator shows. */
	simulator: string;
	/** Why both are legitimate. */
	why: string;
}

export const KNOWN_DIFFERENCES = {
	'no-quit-after-sendmail': {
		real: 'nodemailer ends the connection without QUIT after sendMail, and also after a failed AUTH or STARTTLS (it closes the socket with end()).',
		simulator: 'The client always finishes with QUIT and the server answers 221.',
		why: 'shared/stack.md: "nodemailer ends the connection without QUIT after sendMail (QUIT comes from verify())". RFC 5321 §4.1.1.10 makes QUIT the polite end, but a server must cope with a close.'
	},
	pipelining: {
		real: 'nodemailer pipelines MAIL, RCPT and DATA in one write because smtp-server advertises PIPELINING, then reads the three replies.',
		simulator: 'One command, then its reply, in lock step.',
		why: 'RFC 2920 allows exactly this group. Command order and reply order are unchanged, so both are compared; only the interleaving is not.'
	},
	'auth-advertised-before-tls': {
		real: 'smtp-server lists AUTH PLAIN LOGIN in the EHLO reply before STARTTLS, even though it refuses AUTH until TLS is up.',
		simulator: 'Postfix with smtpd_tls_auth_only hides AUTH until TLS is up.',
		why: 'shared/stack.md; RFC 4954 §6: implementations "SHOULD NOT advertise mechanisms that are not permitted due to lack of encryption" (a SHOULD, which smtp-server does not follow).'
	},
	'auth-before-tls-538': {
		real: 'smtp-server answers AUTH before TLS with 538 Error: Must issue a STARTTLS command first.',
		simulator:
			'Postfix answers 503 5.5.1 (AUTH not enabled before TLS) or, with encrypt, 530 5.7.0 Must issue a STARTTLS command first.',
		why: 'shared/stack.md; fact sheet §3 (a) variant B; RFC 4954 §6 keeps 538 "for historical purposes only". All are class 5 (permanent), which is what is compared.'
	},
	'reply-texts': {
		real: 'smtp-server texts such as "250 Accepted", "235 Authentication successful", "535 Invalid username or password", without enhanced status codes (it hides ENHANCEDSTATUSCODES by default).',
		simulator:
			'Postfix texts with enhanced codes: "250 2.1.0 Ok", "235 2.7.0 Authentication successful", "535 5.7.8 …".',
		why: 'RFC 5321 §4.2.1: reply text is "recommended rather than mandatory"; only the 3-digit code is normative. Codes and classes are compared, texts are not.'
	},
	'ehlo-capabilities': {
		real: 'smtp-server advertises PIPELINING, 8BITMIME, SMTPUTF8, AUTH PLAIN LOGIN and STARTTLS (in that order; STARTTLS last, so its line is `250 STARTTLS`).',
		simulator:
			'Postfix also lists SIZE and ENHANCEDSTATUSCODES and puts STARTTLS in the middle (`250-STARTTLS`).',
		why: 'Capability lists are implementation choices (RFC 5321 §4.1.1.1). Only the presence of STARTTLS and AUTH is compared.'
	},
	'requiretls-sends-unadvertised-starttls': {
		real: 'nodemailer with requireTLS sends STARTTLS even when the EHLO reply does not list it; if the real server still accepts it, the upgrade succeeds despite the stripped line.',
		simulator:
			'A client that requires STARTTLS stops (QUIT) as soon as STARTTLS is missing from EHLO.',
		why: 'RFC 8314 §5.2 only requires that the client not proceed without TLS; both clients send neither AUTH nor MAIL in clear. An attacker who also blocks the command (the forged 454 of RFC 3207 §6) makes nodemailer abort exactly where the simulator stops.'
	},
	'stops-after-auth-failure': {
		real: 'nodemailer gives up after a failed AUTH (error EAUTH) and sends nothing more.',
		simulator:
			'In the "AUTH not offered before TLS" scenario the simulated client carries on with MAIL to show the 530 Authentication required reply.',
		why: 'Client policy after a 5xx to AUTH is local (RFC 4954 §6: the client SHOULD ask for new credentials). Compared up to the AUTH reply.'
	},
	'early-talker-421': {
		real: 'With an implicit-TLS client on the STARTTLS port, smtp-server reads the ClientHello as a line sent before its greeting was read and answers 421 You talk too soon.',
		simulator: 'The server side just sees the connection drop.',
		why: 'The client side is identical (a TLS error before any SMTP command); what the server logs after its greeting is an implementation detail.'
	},
	'wrong-mode-error-code': {
		real: 'nodemailer reports the implicit-TLS-on-STARTTLS-port failure as ESOCKET with OpenSSL\'s "wrong version number", not ETLS.',
		simulator: 'A TLS error: "not a TLS record" (the plaintext greeting reached the TLS stack).',
		why: 'Same failure, different error taxonomy; the spec checks the OpenSSL message.'
	}
} as const satisfies Record<string, KnownDifference>;

export type KnownDifferenceId = keyof typeof KNOWN_DIFFERENCES;

/**
 * Applies `no-quit-after-sendmail` to a simulator dialogue: drops the trailing QUIT and its 221.
 * Fails loudly when the simulator did not end with QUIT/221, so the transform cannot hide anything.
 */
export function withoutFinalQuit(d: Dialogue): Dialogue {
	if (d.commands.at(-1) !== 'QUIT' || d.replies.at(-1) !== 221) {
		throw new Error(
			`Expected the simulator to end with QUIT / 221, got ${d.commands.at(-1)} / ${d.replies.at(-1)}`
		);
	}
	return { commands: d.commands.slice(0, -1), replies: d.replies.slice(0, -1) };
}

/** The reply classes of a dialogue (2, 3, 4, 5), for class-level comparison. */
export function classes(replies: number[]): number[] {
	return replies.map((c) => Math.floor(c / 100));
}
