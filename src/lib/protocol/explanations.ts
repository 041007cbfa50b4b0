/**
 * Plain-words explanations for every step the engine produces, keyed by a short explanation key,
 * each with the RFC section it rests on. The UI and lessons can look a key up; transcripts carry
 * both the key and the text.
 *
 * Leaves to others: deciding which step happens (run-scenario.ts).
 */

export interface Explanation {
	text: string;
	rfc: string;
}

export const EXPLANATIONS = {
	'tcp.connect': {
		text: 'The client opens a TCP connection to the server’s port; nothing is encrypted yet.',
		rfc: 'RFC 5321 §3.1'
	},
	'tcp.blocked': {
		text: 'A firewall on the client’s network silently drops packets to this port, so the connection attempt times out.',
		rfc: 'RFC 5068 §4'
	},
	'tcp.refused': {
		text: 'Nothing listens on this port on the server, so the connection is refused at once.',
		rfc: 'RFC 5321 §3.1'
	},
	'tcp.close': { text: 'The connection is closed.', rfc: 'RFC 5321 §3.8' },
	'smtp.greeting': {
		text: 'The server speaks first with a 220 greeting naming itself.',
		rfc: 'RFC 5321 §4.2.3'
	},
	'smtp.greeting-implicit': {
		text: 'With implicit TLS the 220 greeting is the first thing sent inside the finished TLS session.',
		rfc: 'RFC 8314 §3.3'
	},
	'smtp.ehlo': {
		text: 'The client introduces itself with EHLO and asks which extensions the server supports.',
		rfc: 'RFC 5321 §4.1.1.1'
	},
	'smtp.ehlo-reply': {
		text: 'The server lists its extensions, one per line; the last line has a space after 250.',
		rfc: 'RFC 5321 §4.1.1.1'
	},
	'smtp.ehlo-reply-plain-no-auth': {
		text: 'Before TLS the server does not advertise AUTH, because it will not accept passwords in clear.',
		rfc: 'RFC 4954 §6'
	},
	'smtp.ehlo-after-tls': {
		text: 'After the handshake the client must say EHLO again: everything learned before TLS is discarded.',
		rfc: 'RFC 3207 §4.2'
	},
	'smtp.ehlo-implicit': {
		text: 'The client introduces itself with EHLO, already inside TLS: nothing was said before the handshake, so nothing has to be repeated.',
		rfc: 'RFC 8314 §3.3'
	},
	'smtp.ehlo-reply-implicit': {
		text: 'Inside implicit TLS the list never contains STARTTLS, because TLS is already active; AUTH can be offered from the start.',
		rfc: 'RFC 8314 §3.3; RFC 3207 §4.2'
	},
	'smtp.ehlo-reply-after-tls': {
		text: 'Inside TLS the list no longer contains STARTTLS, and AUTH may now appear.',
		rfc: 'RFC 3207 §4.2'
	},
	'smtp.starttls': {
		text: 'The client asks to upgrade this same connection to TLS.',
		rfc: 'RFC 3207 §4'
	},
	'smtp.starttls-ready': {
		text: 'The server agrees with 220; the next bytes on the connection are a TLS handshake. No new greeting follows it.',
		rfc: 'RFC 3207 §4'
	},
	'smtp.starttls-not-offered': {
		text: 'The server did not advertise STARTTLS, so it refuses the command.',
		rfc: 'RFC 3207 §4'
	},
	'smtp.no-starttls-continue': {
		text: 'STARTTLS is not available, so this client carries on in plaintext: opportunistic security only protects when nobody interferes.',
		rfc: 'RFC 7435 §1.3; RFC 3207 §6'
	},
	'smtp.no-starttls-stop': {
		text: 'The client requires TLS, so without STARTTLS it stops instead of sending anything sensitive.',
		rfc: 'RFC 8314 §5.2'
	},
	'smtp.auth-plain': {
		text: 'AUTH PLAIN sends the user name and password base64-encoded. Base64 is an encoding, not encryption.',
		rfc: 'RFC 4954 §4; RFC 4616 §2'
	},
	'smtp.auth-ok': { text: 'The password is accepted.', rfc: 'RFC 4954 §6' },
	'smtp.auth-invalid': {
		text: 'Wrong user name or password: the client should ask the user for new credentials.',
		rfc: 'RFC 4954 §6'
	},
	'smtp.must-starttls': {
		text: 'This server requires TLS first and answers 530 to every command except EHLO, NOOP, STARTTLS and QUIT.',
		rfc: 'RFC 3207 §4'
	},
	'smtp.must-starttls-password-sent': {
		text: 'This server requires TLS first and answers 530 to every command except EHLO, NOOP, STARTTLS and QUIT. The password was already sent in clear, though.',
		rfc: 'RFC 3207 §4; RFC 8314 §5.2'
	},
	'smtp.auth-not-enabled': {
		text: 'AUTH is not available here: an MX offers none, and a server that needs TLS first offers none before TLS.',
		rfc: 'RFC 4954 §6'
	},
	'smtp.auth-required': {
		text: 'A submission server refuses mail from a session that has not authenticated.',
		rfc: 'RFC 6409 §4.3; RFC 4954 §6'
	},
	'smtp.mail': {
		text: 'MAIL FROM starts a transaction and names the sender.',
		rfc: 'RFC 5321 §4.1.1.2'
	},
	'smtp.mail-requiretls': {
		text: 'MAIL FROM carries REQUIRETLS: every hop must use validated TLS or return the message.',
		rfc: 'RFC 8689 §2'
	},
	'smtp.mail-ok': { text: 'Sender accepted.', rfc: 'RFC 5321 §4.2.3' },
	'smtp.rcpt': { text: 'RCPT TO names a recipient.', rfc: 'RFC 5321 §4.1.1.3' },
	'smtp.rcpt-ok': { text: 'Recipient accepted.', rfc: 'RFC 5321 §4.2.3' },
	'smtp.relay-denied': {
		text: 'This server does not handle the recipient’s domain and the sender has not authenticated, so it will not relay. The RFC suggests 550; 554 is Postfix’s default.',
		rfc: 'RFC 5321 §3.6.2; RFC 3463 §3.8'
	},
	'smtp.data': { text: 'DATA asks to send the message itself.', rfc: 'RFC 5321 §4.1.1.4' },
	'smtp.data-go-ahead': {
		text: 'The server is ready for the message, which ends with a line holding a single dot.',
		rfc: 'RFC 5321 §4.1.1.4'
	},
	'smtp.message': {
		text: 'Headers, a blank line and the body travel as the message content.',
		rfc: 'RFC 5321 §4.1.1.4'
	},
	'smtp.queued': {
		text: 'The server has taken responsibility for the message and queued it.',
		rfc: 'RFC 5321 §4.1.1.4'
	},
	'smtp.quit': { text: 'QUIT ends the session politely.', rfc: 'RFC 5321 §4.1.1.10' },
	'smtp.bye': { text: 'The server closes the session.', rfc: 'RFC 5321 §4.2.3' },
	'smtp.other-reply': { text: 'The server answers the command.', rfc: 'RFC 5321 §4.2' },
	'smtp.unsupported-option': {
		text: 'The server does not recognise the REQUIRETLS parameter.',
		rfc: 'RFC 5321 §4.1.1.11'
	},
	'tls.client-hello': {
		text: 'ClientHello offers TLS versions, ciphers and a key share; its SNI names the server in clear.',
		rfc: 'RFC 8446 §2'
	},
	'tls.server-hello': {
		text: 'ServerHello picks the parameters; from here on the handshake is encrypted.',
		rfc: 'RFC 8446 §2'
	},
	'tls.encrypted-extensions': {
		text: 'EncryptedExtensions: the server’s remaining parameters, already encrypted.',
		rfc: 'RFC 8446 §2'
	},
	'tls.certificate': {
		text: 'Certificate: the server’s certificate chain. In TLS 1.3 an eavesdropper cannot read it.',
		rfc: 'RFC 8446 §1.2'
	},
	'tls.certificate-verify': {
		text: 'CertificateVerify: a signature over the whole handshake with the certificate’s private key.',
		rfc: 'RFC 8446 §2'
	},
	'tls.server-finished': {
		text: 'Finished: a MAC over the handshake that confirms both sides have the same keys.',
		rfc: 'RFC 8446 §2'
	},
	'tls.client-finished': {
		text: 'The client’s Finished completes the handshake; application data now flows encrypted.',
		rfc: 'RFC 8446 §2'
	},
	'tls.alert-cert': {
		text: 'The client rejects the certificate and aborts the handshake with an alert: nothing sensitive was sent.',
		rfc: 'RFC 8446 §6.2; RFC 8314 §5.3'
	},
	'tls.alert-plaintext': {
		text: 'The client expected a TLS ServerHello but the server sent a plaintext greeting, so the TLS library fails.',
		rfc: 'RFC 8314 §3.3; RFC 3207 §4'
	},
	'tls.no-greeting': {
		text: 'The client waits for a 220 greeting, but this port expects a TLS ClientHello first. Neither side speaks, and the client times out.',
		rfc: 'RFC 8314 §3.3'
	},
	'tls.attacker-cert': {
		text: 'The attacker answers the handshake itself with a certificate it made for the server’s name.',
		rfc: 'RFC 8314 §5.3'
	},
	'tls.attacker-relays': {
		text: 'The client accepted the attacker’s certificate, so the attacker decrypts everything and passes it on in a second TLS session to the real server.',
		rfc: 'RFC 8314 §5.3; RFC 7817 §3'
	},
	'tls.opportunistic-unauthenticated': {
		text: 'Without MTA-STS or DANE a sending MTA does not check the certificate: the session is encrypted but not authenticated.',
		rfc: 'RFC 7435 §1.3; RFC 7672 §1.3'
	},
	'attack.strip-starttls': {
		text: 'The attacker deletes the 250-STARTTLS line from the server’s EHLO reply, so the client never tries TLS.',
		rfc: 'RFC 3207 §6'
	},
	'attack.forge-454': {
		text: 'The attacker answers STARTTLS itself with a forged 454, pretending TLS is unavailable.',
		rfc: 'RFC 3207 §6'
	},
	'attack.strip-starttls-access': {
		text: 'The attacker deletes STARTTLS (IMAP) or STLS (POP3) from what the server says it can do, so the client never tries TLS.',
		rfc: 'RFC 2595 §3, §4; RFC 3207 §6'
	},
	'attack.forge-refusal-access': {
		text: 'The attacker answers the client’s STARTTLS (IMAP) or STLS (POP3) itself with a forged refusal, pretending TLS is unavailable.',
		rfc: 'RFC 2595 §3, §4; RFC 3207 §6'
	},
	'attack.inject': {
		text: 'The attacker appends a plaintext command to the client’s STARTTLS in the same TCP segment (CVE-2011-0411).',
		rfc: 'RFC 8314 Appendix A'
	},
	'attack.inject-discarded': {
		text: 'A patched server throws away plaintext received with STARTTLS, so the injected command never runs.',
		rfc: 'RFC 3207 §4.2'
	},
	'attack.inject-executed': {
		text: 'A vulnerable server runs the injected command as if the client had sent it inside TLS. From here on the client reads every reply one step late.',
		rfc: 'RFC 8314 Appendix A'
	},
	'attack.nothing-to-edit': {
		text: 'With implicit TLS there is no plaintext phase to edit: the attacker can only block the connection.',
		rfc: 'RFC 8314 Appendix A'
	},
	'dns.mx-query': {
		text: 'The sending server asks DNS which hosts receive mail for the recipient’s domain.',
		rfc: 'RFC 5321 §5.1'
	},
	'dns.mx-answer': {
		text: 'MX records carry a host name and a preference (lower is preferred), never a port: relay always uses 25.',
		rfc: 'RFC 5321 §5.1; RFC 8314 §7.3'
	},
	'dns.a-query': { text: 'The MX host name is resolved to an address.', rfc: 'RFC 5321 §5.1' },
	'dns.a-answer': { text: 'The address of the preferred MX.', rfc: 'RFC 5321 §5.1' },
	'dns.mta-sts-query': {
		text: 'The sender checks whether the recipient domain publishes an MTA-STS policy.',
		rfc: 'RFC 8461 §3.1'
	},
	'dns.mta-sts-answer': {
		text: 'A TXT record announces a policy, fetched over HTTPS.',
		rfc: 'RFC 8461 §3.1'
	},
	'policy.mta-sts': {
		text: 'The MTA-STS policy says which MX names are valid and whether TLS failures stop delivery (enforce) or are only reported (testing).',
		rfc: 'RFC 8461 §3.2; RFC 8461 §5'
	},
	'dns.tlsa-query': {
		text: 'The sender asks for DNSSEC-signed TLSA records for port 25 of the MX.',
		rfc: 'RFC 7672 §2.2.3'
	},
	'dns.tlsa-answer': {
		text: 'A signed TLSA record commits the MX to TLS with this key: the sender must not deliver without it.',
		rfc: 'RFC 7672 §2.2.3'
	},
	'policy.no-starttls-stop': {
		text: 'The recipient’s policy (MTA-STS enforce or DANE) requires TLS to this MX, so without STARTTLS the sending server must not deliver the message here.',
		rfc: 'RFC 8461 §5; RFC 7672 §2.2.3'
	},
	'policy.defer': {
		text: 'The recipient’s policy requires validated TLS to this MX, so the sender keeps the message and retries later.',
		rfc: 'RFC 8461 §5; RFC 7672 §2.2.3'
	},
	'policy.testing-report': {
		text: 'MTA-STS testing mode: the failure is reported (TLS-RPT) but the message is delivered anyway.',
		rfc: 'RFC 8461 §5; RFC 8460 §3'
	},
	'policy.requiretls-bounce': {
		text: 'The message carries REQUIRETLS and this hop cannot meet it, so the sender must not transmit it and returns it to its author.',
		rfc: 'RFC 8689 §4.2.1'
	},
	'policy.requiretls-not-sent': {
		text: 'The message is to travel with REQUIRETLS, which every hop must support inside TLS. This submission server cannot, so the mail program must not send the message and tells its user instead.',
		rfc: 'RFC 8689 §2, §4.2.1'
	},
	'local.delivery': {
		text: 'The MX hands the message to the mailbox store (local delivery or LMTP); no SMTP port is involved.',
		rfc: 'RFC 5321 §2.3.10; RFC 2033 §1'
	},
	'local.hop-by-hop': {
		text: 'Each server decrypts and re-encrypts: TLS protects hops, not the message end to end.',
		rfc: 'RFC 3207 §6'
	},
	'access.greeting': {
		text: 'The mailbox server greets the reading client.',
		rfc: 'RFC 9051 §7.1.1; RFC 1939 §4'
	},
	'access.no-greeting': {
		text: 'The client waits for the server’s greeting, but this port expects a TLS ClientHello first. Neither side speaks, and the client times out.',
		rfc: 'RFC 8314 §3.1, §3.2'
	},
	'access.starttls': {
		text: 'The reading client upgrades the connection with STARTTLS (IMAP) or STLS (POP3).',
		rfc: 'RFC 9051 §6.2.1; RFC 2595 §4'
	},
	'access.login': {
		text: 'The reading client sends the user name and password.',
		rfc: 'RFC 9051 §6.2.2; RFC 1939 §7'
	},
	'access.login-ok': { text: 'Logged in.', rfc: 'RFC 9051 §6.2.2; RFC 1939 §7' },
	'access.login-failed': { text: 'The password is wrong.', rfc: 'RFC 9051 §7.1; RFC 1939 §7' },
	'access.plaintext-refused': {
		text: 'The server refuses passwords on a connection without TLS, without saying whether they were right. If the client sent one, it has already crossed the network in clear.',
		rfc: 'RFC 8314 §4.1'
	},
	'access.fetch': {
		text: 'The client downloads the message.',
		rfc: 'RFC 9051 §6.4.5; RFC 1939 §5'
	},
	'access.message': {
		text: 'The message arrives at the reader.',
		rfc: 'RFC 9051 §7.5.2; RFC 1939 §5'
	},
	'access.logout': { text: 'The client ends the session.', rfc: 'RFC 9051 §6.1.3; RFC 1939 §6' },
	'access.other': { text: 'The server answers.', rfc: 'RFC 9051 §7.1; RFC 1939 §3' }
} as const satisfies Record<string, Explanation>;

export type ExplainKey = keyof typeof EXPLANATIONS;
