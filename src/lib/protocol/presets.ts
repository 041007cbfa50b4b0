/**
 * Named scenarios in plain language: the dialogues of fact sheet §3 and §4, the classic mistakes and
 * attacks, and a whole journey. Each is written in the compact URL form, so the presets double as
 * examples of it. Preset ids are kebab-case and name the golden fixture folders.
 *
 * Leaves to others: running them (run-scenario.ts) and checking their transcripts (fixtures/).
 */
import type { Scenario } from './scenario';
import { parseScenarioQuery } from './scenario-query';

export interface Preset {
	id: string;
	title: string;
	summary: string;
	/** The compact form the scenario was written in. */
	query: string;
	scenario: Scenario;
}

const DEFS: Omit<Preset, 'scenario'>[] = [
	{
		id: 'laptop-587-starttls',
		title: 'Laptop on 587 with STARTTLS',
		summary:
			'A mail program submits on 587, upgrades with STARTTLS, says EHLO again, then authenticates inside TLS (fact sheet §3 (b)).',
		query: ''
	},
	{
		id: 'implicit-tls-465',
		title: 'Implicit TLS on 465',
		summary:
			'The TLS handshake comes first; the 220 greeting and everything after it travel inside TLS (fact sheet §3 (c)).',
		query: 'port=465&tls=implicit'
	},
	{
		id: 'esp-2525-starttls',
		title: 'An email service on port 2525',
		summary:
			'Port 2525 is not an IANA SMTP port, but email service providers offer it with STARTTLS as a fallback when 587 is blocked.',
		query: 'port=2525&l2525=plaintext&block=25,587'
	},
	{
		id: 'plaintext-auth-refused-587',
		title: 'Plaintext AUTH on 587, server requires TLS',
		summary:
			'A client without TLS sends AUTH PLAIN; the server answers 530 5.7.0 Must issue a STARTTLS command first — but the password has already crossed the network (fact sheet §3 (a), variant A).',
		query: 'tls=none&encrypt=yes'
	},
	{
		id: 'auth-hidden-before-tls',
		title: 'AUTH not offered before TLS',
		summary:
			'The server hides AUTH until TLS is up and answers 503 5.5.1 to an early AUTH, then 530 5.7.0 Authentication required to MAIL (fact sheet §3 (a), variant B).',
		query: 'tls=none'
	},
	{
		id: 'auth-plain-in-clear-587',
		title: 'AUTH PLAIN in clear on 587',
		summary:
			'A legacy server accepts passwords without TLS and an eavesdropper on the hotspot decodes the base64 of AUTH PLAIN.',
		query: 'tls=none&authtls=no&attack=eavesdropper'
	},
	{
		id: 'bad-password',
		title: 'Wrong password',
		summary:
			'Inside TLS the server answers 535 5.7.8 Authentication credentials invalid (fact sheet §3 (g)).',
		query: 'pass=wrong'
	},
	{
		id: 'relay-mx-port-25',
		title: 'Relay to the MX on port 25',
		summary:
			'The sending server looks up the MX, connects on port 25 and upgrades with opportunistic STARTTLS; no AUTH between organisations (fact sheet §3 (d)).',
		query: 'phase=relay'
	},
	{
		id: 'relay-denied',
		title: 'Relay denied',
		summary:
			'An unauthenticated client asks an MX to pass mail to a domain it does not handle: 554 5.7.1 Relay access denied, Postfix’s default (RFC 5321 §3.6.2 suggests 550).',
		query: 'port=25&tls=none&pass=none&role=mx&local=no'
	},
	{
		id: 'forged-454',
		title: 'Forged 454 on the way to the MX',
		summary:
			'An attacker answers STARTTLS with a forged 454 TLS not available; an opportunistic MTA carries on in plaintext (fact sheet §3 (f)).',
		query: 'phase=relay&attack=forge-454'
	},
	{
		id: 'strip-starttls-relay',
		title: 'STARTTLS stripped on the way to the MX',
		summary:
			'An attacker deletes 250-STARTTLS from the MX’s EHLO reply; the sending server never tries TLS (fact sheet §3 (h)).',
		query: 'phase=relay&attack=strip-starttls'
	},
	{
		id: 'strip-starttls-opportunistic-client',
		title: 'STARTTLS stripped, opportunistic mail program',
		summary:
			'A badly configured mail program that only uses TLS “when available” sends its password in clear once STARTTLS is stripped (fact sheet §3 (h)).',
		query: 'tls=opportunistic&authtls=no&attack=strip-starttls'
	},
	{
		id: 'strip-starttls-required-client',
		title: 'STARTTLS stripped, client requires TLS',
		summary:
			'A mail program set to require STARTTLS notices that TLS is missing and stops before sending anything sensitive.',
		query: 'attack=strip-starttls'
	},
	{
		id: 'mta-sts-enforce-defers',
		title: 'MTA-STS enforce defers a stripped delivery',
		summary:
			'The recipient domain publishes MTA-STS in enforce mode, so when STARTTLS is stripped the sender keeps the message and retries.',
		query: 'phase=relay&attack=strip-starttls&sts=enforce'
	},
	{
		id: 'dane-fake-cert-defers',
		title: 'DANE stops a fake certificate',
		summary:
			'The MX publishes DNSSEC-signed TLSA records; an attacker’s certificate does not match them, so the sender defers.',
		query: 'phase=relay&attack=fake-cert&dane=yes'
	},
	{
		id: 'fake-cert-relay-unchecked',
		title: 'Fake certificate, no policy',
		summary:
			'Without MTA-STS or DANE a sending server does not check certificates, so an attacker with its own certificate reads the whole message.',
		query: 'phase=relay&attack=fake-cert'
	},
	{
		id: 'requiretls-bounce',
		title: 'REQUIRETLS bounce',
		summary:
			'The message carries REQUIRETLS but the MX does not advertise it, so the sending server returns it with 5.7.30.',
		query: 'phase=relay&requiretls=yes'
	},
	{
		id: 'fake-cert-validated',
		title: 'Fake certificate, client checks',
		summary:
			'An attacker presents its own certificate on 465; the client checks certificates and aborts the handshake before sending anything.',
		query: 'port=465&tls=implicit&attack=fake-cert'
	},
	{
		id: 'fake-cert-not-validated',
		title: 'Fake certificate, client does not check',
		summary:
			'The same attack against a client that skips certificate checks: the TLS session is encrypted — to the attacker.',
		query: 'port=465&tls=implicit&verify=no&attack=fake-cert'
	},
	{
		id: 'expired-cert',
		title: 'Expired server certificate',
		summary:
			'The submission server’s certificate has expired; a client that checks certificates refuses to continue.',
		query: 'cert=expired'
	},
	{
		id: 'command-injection',
		title: 'STARTTLS command injection (CVE-2011-0411)',
		summary:
			'An attacker appends RSET to the client’s STARTTLS; an unpatched server runs it inside TLS as if the client had sent it.',
		query: 'patched=no&attack=inject-commands'
	},
	{
		id: 'command-injection-patched',
		title: 'Command injection against a patched server',
		summary:
			'The same injection against a server that discards plaintext received with STARTTLS: nothing happens.',
		query: 'attack=inject-commands'
	},
	{
		id: 'isp-blocks-port-25',
		title: 'ISP blocks port 25',
		summary:
			'A home connection blocks outbound port 25, so a mail program set to submit on 25 times out. Submission belongs on 465 or 587.',
		query: 'port=25&block=25'
	},
	{
		id: 'cloud-blocks-relay-25',
		title: 'Cloud provider blocks port 25 for an MTA',
		summary:
			'A server on a cloud VM cannot reach any MX, because relay needs port 25 and the provider blocks it.',
		query: 'phase=relay&mtablock=25'
	},
	{
		id: 'wrong-tls-mode-587',
		title: 'Wrong TLS mode: implicit TLS on 587',
		summary:
			'The client starts with a TLS ClientHello on 587, but the server greets in plaintext: a TLS error.',
		query: 'tls=implicit'
	},
	{
		id: 'wrong-tls-mode-465',
		title: 'Wrong TLS mode: STARTTLS on 465',
		summary:
			'The client waits for a 220 greeting on 465, but the server waits for a ClientHello: nothing happens until a timeout.',
		query: 'port=465'
	},
	{
		id: 'eavesdropper-implicit-tls',
		title: 'What an eavesdropper sees: implicit TLS',
		summary:
			'On 465 the observer sees the ClientHello with its SNI and the ServerHello, then only encrypted records with their sizes (fact sheet §4).',
		query: 'port=465&tls=implicit&attack=eavesdropper'
	},
	{
		id: 'eavesdropper-starttls',
		title: 'What an eavesdropper sees: STARTTLS',
		summary:
			'On 587 the observer reads the greeting, the first EHLO and STARTTLS, then the ClientHello, then only encrypted records (fact sheet §4).',
		query: 'attack=eavesdropper'
	},
	{
		id: 'eavesdropper-plaintext-relay',
		title: 'MX without STARTTLS',
		summary:
			'The recipient’s MX offers no STARTTLS, so the whole message crosses the relay hop in clear for anyone on the path.',
		query: 'phase=relay&mx-starttls=no&attack=eavesdropper'
	},
	{
		id: 'whole-journey',
		title: 'The whole journey',
		summary:
			'Submission on 587 with STARTTLS, relay to the MX on 25, delivery to the mailbox and reading over IMAP on 993.',
		query: 'phase=journey'
	},
	{
		id: 'journey-requiretls',
		title: 'A journey with REQUIRETLS',
		summary:
			'The message carries REQUIRETLS and every hop supports it with validated TLS, so it arrives.',
		query:
			'phase=journey&port=465&tls=implicit&msa-requiretls=yes&mx-requiretls=yes&sts=enforce&requiretls=yes'
	},
	{
		id: 'imap-993',
		title: 'Reading mail over IMAP on 993',
		summary: 'Implicit TLS first, then the IMAP greeting, login and fetch, all encrypted.',
		query: 'phase=receipt'
	},
	{
		id: 'imap-143-starttls',
		title: 'IMAP on 143 with STARTTLS',
		summary: 'IMAP starts in plaintext on 143 and upgrades with STARTTLS before logging in.',
		query: 'phase=receipt&fetchport=143&fetchtls=starttls-required'
	},
	{
		id: 'pop3-110',
		title: 'POP3 on 110 with STLS',
		summary: 'POP3 starts in plaintext on 110 and upgrades with STLS before USER and PASS.',
		query: 'phase=receipt&fetch=pop3&fetchport=110&fetchtls=starttls-required'
	},
	{
		id: 'pop3-995',
		title: 'POP3 on 995',
		summary: 'POP3 over implicit TLS.',
		query: 'phase=receipt&fetch=pop3'
	}
];

function build(d: Omit<Preset, 'scenario'>): Preset {
	const { scenario, problems } = parseScenarioQuery(d.query);
	if (problems.length > 0) {
		throw new Error(`Preset ${d.id} is invalid: ${problems.map((p) => p.message).join(' ')}`);
	}
	return { ...d, scenario };
}

export const PRESETS: readonly Preset[] = DEFS.map(build);

export function findPreset(id: string): Preset | undefined {
	return PRESETS.find((p) => p.id === id);
}
