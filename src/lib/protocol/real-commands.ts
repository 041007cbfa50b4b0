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
import type { ClientSecurity, Scenario } from './scenario';

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
}

export const EXAMPLE_HOSTS: RealHosts = {
	submission: 'mail.example.com',
	mxDomain: 'example.org',
	mx: 'mx1.example.org',
	imap: 'imap.example.org',
	pop: 'pop.example.org',
	sender: 'alice@example.com',
	recipient: 'bob@example.org'
};

function submissionCommands(port: number, security: ClientSecurity, h: RealHosts): RealCommand[] {
	const at = `${h.submission}:${port}`;
	const auth = `--auth PLAIN --auth-user ${h.sender} --from ${h.sender} --to ${h.recipient}`;
	const swaks = `swaks --server ${h.submission} --port ${port}`;
	switch (security) {
		case 'implicit':
			return [
				{
					tool: 'openssl',
					command: `openssl s_client -connect ${at} -servername ${h.submission} -crlf`,
					what: 'Implicit TLS: the TLS handshake comes first, then the 220 greeting arrives inside it.'
				},
				{
					tool: 'swaks',
					command: `${swaks} --tls-on-connect ${auth}`,
					what: 'A whole authenticated submission over implicit TLS (swaks asks for the password).'
				}
			];
		case 'starttls-required':
		case 'opportunistic':
			return [
				{
					tool: 'openssl',
					command: `openssl s_client -starttls smtp -connect ${at} -servername ${h.submission} -crlf`,
					what: 'Plaintext greeting and EHLO, then STARTTLS and the handshake; type EHLO again once connected.'
				},
				{
					tool: 'swaks',
					command: `${swaks} ${security === 'opportunistic' ? '--tls-optional' : '--tls'} ${auth}`,
					what:
						security === 'opportunistic'
							? 'A submission that uses STARTTLS only if offered: the opportunistic client of this scenario.'
							: 'A whole authenticated submission that insists on STARTTLS before AUTH.'
				}
			];
		case 'none':
			return [
				{
					tool: 'nc',
					command: `nc -C ${h.submission} ${port}`,
					what: 'A raw plaintext connection (-C ends lines with CRLF): everything you type crosses the network readable.'
				},
				{
					tool: 'swaks',
					command: `${swaks} --from ${h.sender} --to ${h.recipient}`,
					what: 'A submission with no TLS and no login; never add --auth here, the password would cross in clear.'
				}
			];
	}
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
	out.push(
		{
			tool: 'openssl',
			command: `openssl s_client -starttls smtp -connect ${h.mx}:25 -servername ${h.mx} -crlf`,
			what: 'Relay is always port 25: plaintext greeting and EHLO, then STARTTLS if the MX offers it.'
		},
		{
			tool: 'swaks',
			command: `swaks --server ${h.mx} --port 25 ${s.policy.requireTls || s.policy.mtaSts === 'enforce' || s.policy.dane ? '--tls' : '--tls-optional'} --from ${h.sender} --to ${h.recipient}`,
			what: 'Delivers a test message to the MX as a sending server would, with no login.'
		}
	);
	return out;
}

function retrievalCommands(s: Scenario, h: RealHosts): RealCommand[] {
	const { protocol, port, security } = s.retrieval;
	const host = protocol === 'imap' ? h.imap : h.pop;
	const name = protocol === 'imap' ? 'imap' : 'pop3';
	const implicit = security === 'implicit';
	if (security === 'none') {
		return [
			{
				tool: 'nc',
				command: `nc -C ${host} ${port}`,
				what: `A raw plaintext ${protocol.toUpperCase()} connection: a login typed here crosses the network readable.`
			}
		];
	}
	return [
		{
			tool: 'openssl',
			command: implicit
				? `openssl s_client -connect ${host}:${port} -servername ${host} -crlf`
				: `openssl s_client -starttls ${name} -connect ${host}:${port} -servername ${host} -crlf`,
			what: implicit
				? `Implicit TLS for ${protocol.toUpperCase()}: the handshake first, then the server's greeting inside it.`
				: `${protocol.toUpperCase()} in plaintext first, then ${protocol === 'imap' ? 'STARTTLS' : 'STLS'} upgrades the connection.`
		}
	];
}

/** The commands that reproduce this scenario's connections against real servers, in journey order. */
export function realCommands(s: Scenario, hosts: RealHosts = EXAMPLE_HOSTS): RealCommand[] {
	const out: RealCommand[] = [];
	const sends = s.phase === 'submission' || s.phase === 'journey';
	const relays = s.phase === 'relay' || s.phase === 'journey';
	const reads = s.phase === 'receipt' || s.phase === 'journey';
	if (sends) out.push(...submissionCommands(s.port, s.client.security, hosts));
	if (relays) out.push(...relayCommands(s, hosts));
	if (reads) out.push(...retrievalCommands(s, hosts));
	return out;
}
