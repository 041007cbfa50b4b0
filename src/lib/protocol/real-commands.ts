/**
 * "Try it for real": the command lines that reproduce a scenario against a real server with the
 * usual tools — `openssl s_client` for the TLS mode, `swaks` for a whole submission, `dig` for the
 * DNS lookups of relay — so a learner can see the same dialogue on their own terminal.
 *
 * Leaves to others: running anything (this only builds text), and which port or mode is right (the
 * advisor). Host names default to the lab's reserved example names (RFC 2606) for the learner to
 * replace with their own.
 *
 * RFC sections: RFC 3207 §4 (STARTTLS: `-starttls smtp`), RFC 8314 §3.3 (implicit TLS on 465:
 * TLS from the first byte), RFC 5321 §2.3.8 (lines end in CRLF: `-crlf`), RFC 5321 §5.1 (MX
 * lookup), RFC 8461 §3 (MTA-STS records), RFC 7672 §2.2 (TLSA at _25._tcp), RFC 9051 §2.1 and
 * RFC 2595 §4 (IMAP/POP3 STARTTLS and STLS).
 */
import { NAMES } from './example-names';
import { PORTS } from './ports';
import type { Scenario } from './scenario';

export interface RealCommand {
	/** The tool, for a heading or an icon. */
	tool: 'openssl' | 'swaks' | 'dig' | 'curl' | 'nc';
	/** The command line, ready to paste. */
	command: string;
	/** One sentence: what it shows. */
	what: string;
}

export interface RealHosts {
	submission: string;
	mxDomain: string;
	mx: string;
	imap: string;
	pop: string;
	sender: string;
	recipient: string;
	/** A recipient in a domain the server does not handle (the relay-denied dialogue). */
	foreignRecipient: string;
}

export const EXAMPLE_HOSTS: RealHosts = {
	submission: NAMES.msaHost,
	mxDomain: NAMES.mxDomain,
	mx: NAMES.mxHost,
	imap: NAMES.accessHost,
	pop: NAMES.popHost,
	sender: NAMES.sender,
	recipient: NAMES.recipient,
	foreignRecipient: NAMES.foreignRecipient
};

/**
 * A client that speaks first in plaintext on an implicit-TLS port: each side waits for the other
 * (fact sheet §3 (c), "Common failure to teach").
 */
function waitsForGreeting(
	tool: 'nc' | 'openssl',
	command: string,
	greeting: string,
	port: number
): RealCommand {
	return {
		tool,
		command,
		what: `Reproduces this scenario’s mistake: ${tool === 'nc' ? 'the connection' : 'openssl'} waits for ${greeting}, but on port ${port} the server waits for a TLS ClientHello, so nothing happens until a timeout.`
	};
}

/** A client that opens with TLS on a port that greets in plaintext first: its TLS library fails. */
function tlsOnPlaintext(command: string, port: number): RealCommand {
	return {
		tool: 'openssl',
		command,
		what: `Reproduces this scenario’s mistake: openssl opens with a TLS ClientHello, but on port ${port} the server greets in plaintext, so the handshake fails with an error.`
	};
}

/**
 * A port the scenario's client cannot reach: a firewall that drops the packets (a time-out) or a
 * server with nothing listening there (refused at once). `nc -vz` only tries to connect, which is
 * all there is to see (RFC 5068 §4; RFC 5321 §3.1).
 */
function unreachable(host: string, port: number, why: 'blocked' | 'closed'): RealCommand {
	return {
		tool: 'nc',
		command: `nc -vz -w 10 ${host} ${port}`,
		what:
			why === 'blocked'
				? `Reproduces this scenario: a firewall drops packets to port ${port}, so the attempt to connect times out.`
				: `Reproduces this scenario: nothing listens on port ${port}, so the connection is refused at once.`
	};
}

/** "What works on port N — …", keeping acronyms (IMAP, POP3) and lowering an ordinary first word. */
function worksHere(port: number, what: string): string {
	const first = what.split(' ')[0];
	const rest = first === first.toUpperCase() ? what : what[0].toLowerCase() + what.slice(1);
	return `What works on port ${port} — ${rest}`;
}

/** openssl's view of one SMTP connection, in the mode given, with what a learner sees. */
function opensslSmtp(at: string, host: string, implicit: boolean): RealCommand {
	return implicit
		? {
				tool: 'openssl',
				command: `openssl s_client -connect ${at} -servername ${host} -crlf`,
				what: 'Implicit TLS: the TLS handshake comes first, then the 220 greeting arrives inside it.'
			}
		: {
				tool: 'openssl',
				command: `openssl s_client -starttls smtp -connect ${at} -servername ${host} -crlf`,
				what: 'Plaintext greeting and EHLO, then STARTTLS and the handshake; type EHLO again once connected.'
			};
}

/**
 * The first hop: the mail client to the server it submits to (its provider's MSA, or an MX when a
 * scenario misdirects it). The commands follow how the server listens on the port, since that is
 * what a real server does: implicit TLS on 465 (RFC 8314 §3.3), a plaintext 220 first elsewhere
 * (RFC 3207 §4). When the scenario's client uses the other mode, the first command reproduces the
 * mistake and says what goes wrong (fact sheet §8 row 19), and the rest show what works.
 */
function submissionCommands(s: Scenario, h: RealHosts): RealCommand[] {
	const { port } = s;
	const { security } = s.client;
	const mx = s.server.role === 'mx';
	const host = mx ? h.mx : h.submission;
	// Only an MX is asked to take mail for a domain it does not handle (the relay-denied dialogue).
	const to = mx && !s.recipientLocal ? h.foreignRecipient : h.recipient;
	const at = `${host}:${port}`;
	const swaks = `swaks --server ${host} --port ${port}`;
	// An MX offers no AUTH (RFC 6409 §1), so a command line for it never carries the login, even
	// when this scenario's client tries one.
	const login = s.client.credentials !== 'none' && !mx;
	const triesLogin = s.client.credentials !== 'none' && mx;
	const auth = `${login ? `--auth PLAIN --auth-user ${h.sender} ` : ''}--from ${h.sender} --to ${to}`;
	if (s.network.blocked.includes(port)) return [unreachable(host, port, 'blocked')];
	if (s.server.listen[port] === 'closed') return [unreachable(host, port, 'closed')];
	const serverImplicit = s.server.listen[port] === 'implicit-tls';
	const out: RealCommand[] = [];
	if (security === 'implicit' && !serverImplicit) {
		out.push(tlsOnPlaintext(`openssl s_client -connect ${at} -servername ${host} -crlf`, port));
	} else if (security !== 'implicit' && serverImplicit) {
		out.push(
			waitsForGreeting(
				security === 'none' ? 'nc' : 'openssl',
				security === 'none'
					? `nc -C ${host} ${port}`
					: `openssl s_client -starttls smtp -connect ${at} -servername ${host} -crlf`,
				'a 220 greeting',
				port
			)
		);
	}
	const mismatch = out.length > 0;
	if (serverImplicit) {
		const right = opensslSmtp(at, host, true);
		out.push(mismatch ? { ...right, what: worksHere(port, right.what) } : right);
		out.push({
			tool: 'swaks',
			command: `${swaks} --tls-on-connect ${auth}`,
			what: login
				? 'A whole authenticated submission over implicit TLS (swaks asks for the password).'
				: 'A whole submission over implicit TLS.'
		});
		return out;
	}
	if (security === 'none' && !mismatch) {
		return [
			{
				tool: 'nc',
				command: `nc -C ${host} ${port}`,
				what: 'A raw plaintext connection (-C ends lines with CRLF): everything you type crosses the network readable.'
			},
			{
				tool: 'swaks',
				command: `${swaks} --from ${h.sender} --to ${to}`,
				what: login
					? 'A submission with no TLS and no login; never add --auth here, the password would cross in clear.'
					: triesLogin
						? 'The same session without the login: this scenario’s client also sends its password, in clear, which an MX does not accept. Never put a password on a command line without TLS.'
						: 'A session with no TLS and no login, as this scenario’s client sends it; everything crosses readable.'
			}
		];
	}
	const right = opensslSmtp(at, host, false);
	out.push(mismatch ? { ...right, what: worksHere(port, right.what) } : right);
	const optional = security === 'opportunistic';
	out.push({
		tool: 'swaks',
		command: `${swaks} ${optional ? '--tls-optional' : '--tls'} ${auth}`,
		what: optional
			? 'A session that uses STARTTLS only if offered: the opportunistic client of this scenario.'
			: login
				? 'A whole authenticated submission that insists on STARTTLS before AUTH.'
				: 'A whole session that insists on STARTTLS before sending anything.'
	});
	return out;
}

function relayCommands(s: Scenario, h: RealHosts): RealCommand[] {
	const out: RealCommand[] = [
		{
			tool: 'dig',
			command: `dig +short MX ${h.mxDomain}`,
			what: 'Finds the recipient domain’s mail servers; the lowest preference number is tried first.'
		}
	];
	if (s.policy.mtaSts !== 'none') {
		out.push(
			{
				tool: 'dig',
				command: `dig +short TXT _mta-sts.${h.mxDomain}`,
				what: 'Shows whether the domain publishes an MTA-STS policy (v=STSv1; id=…).'
			},
			{
				tool: 'curl',
				command: `curl https://mta-sts.${h.mxDomain}/.well-known/mta-sts.txt`,
				what: 'Fetches the MTA-STS policy: its mode, the allowed MX names and max_age.'
			}
		);
	}
	if (s.policy.dane) {
		out.push({
			tool: 'dig',
			command: `dig +dnssec +short TLSA _25._tcp.${h.mx}`,
			what: 'Shows the DANE TLSA record that commits this MX to TLS (it must be DNSSEC-signed).'
		});
	}
	// The sending server's network drops port 25 (a cloud that blocks it): only the attempt shows.
	if (s.network.mtaBlocked.includes(25)) return [...out, unreachable(h.mx, 25, 'blocked')];
	out.push(
		s.mx.starttls
			? {
					tool: 'openssl',
					command: `openssl s_client -starttls smtp -connect ${h.mx}:25 -servername ${h.mx} -crlf`,
					what: 'Relay is always port 25: plaintext greeting and EHLO, then STARTTLS and the handshake.'
				}
			: {
					// openssl -starttls gives up with an error when STARTTLS is not advertised.
					tool: 'nc',
					command: `nc -C ${h.mx} 25`,
					what: 'Relay is always port 25. This MX offers no STARTTLS: type EHLO and its list has no STARTTLS line, so the session stays readable.'
				},
		{
			tool: 'swaks',
			command: `swaks --server ${h.mx} --port 25 ${s.policy.requireTls || s.policy.mtaSts === 'enforce' || s.policy.dane ? '--tls' : '--tls-optional'} --from ${h.sender} --to ${h.recipient}`,
			what: 'Delivers a test message to the MX as a sending server would, with no login.'
		}
	);
	return out;
}

/** The last hop: the recipient's mail program reads the mailbox over IMAP or POP3. */
function retrievalCommands(s: Scenario, h: RealHosts): RealCommand[] {
	const { protocol, port, security } = s.retrieval;
	const host = protocol === 'imap' ? h.imap : h.pop;
	const name = protocol === 'imap' ? 'imap' : 'pop3';
	const upper = protocol.toUpperCase();
	const upgrade = protocol === 'imap' ? 'STARTTLS' : 'STLS';
	// 993 and 995 are implicit-TLS ports, 143 and 110 plaintext first (RFC 8314 §3.1–3.2).
	const portImplicit = PORTS[port].tls === 'implicit-tls';
	if (s.network.blocked.includes(port)) return [unreachable(host, port, 'blocked')];
	const implicitCmd = `openssl s_client -connect ${host}:${port} -servername ${host} -crlf`;
	const upgradeCmd = `openssl s_client -starttls ${name} -connect ${host}:${port} -servername ${host} -crlf`;
	const right: RealCommand = portImplicit
		? {
				tool: 'openssl',
				command: implicitCmd,
				what: `Implicit TLS for ${upper}: the handshake first, then the server's greeting inside it.`
			}
		: {
				tool: 'openssl',
				command: upgradeCmd,
				what: `${upper} in plaintext first, then ${upgrade} upgrades the connection.`
			};
	if (security === 'none' && !portImplicit) {
		return [
			{
				tool: 'nc',
				command: `nc -C ${host} ${port}`,
				what: `A raw plaintext ${upper} connection: a login typed here crosses the network readable.`
			}
		];
	}
	if (security === 'implicit' && !portImplicit) {
		return [tlsOnPlaintext(implicitCmd, port), { ...right, what: worksHere(port, right.what) }];
	}
	if (security !== 'implicit' && portImplicit) {
		return [
			security === 'none'
				? waitsForGreeting('nc', `nc -C ${host} ${port}`, 'the server’s greeting', port)
				: waitsForGreeting('openssl', upgradeCmd, 'the server’s greeting', port),
			{ ...right, what: worksHere(port, right.what) }
		];
	}
	return [right];
}

/** The commands that reproduce this scenario's connections against real servers, in journey order. */
export function realCommands(s: Scenario, hosts: RealHosts = EXAMPLE_HOSTS): RealCommand[] {
	const out: RealCommand[] = [];
	const sends = s.phase === 'submission' || s.phase === 'journey';
	const relays = s.phase === 'relay' || s.phase === 'journey';
	const reads = s.phase === 'receipt' || s.phase === 'journey';
	if (sends) out.push(...submissionCommands(s, hosts));
	if (relays) out.push(...relayCommands(s, hosts));
	if (reads) out.push(...retrievalCommands(s, hosts));
	return out;
}
