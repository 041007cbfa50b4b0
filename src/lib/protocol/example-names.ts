/**
 * The cast of every transcript: host names, addresses and the demo password, all under reserved
 * example domains (RFC 2606 §3), matching the dialogues of fact sheet §3.
 *
 * Leaves to others: nothing else; these are plain constants.
 */

export const NAMES = {
	clientHost: 'client.example.net',
	msaHost: 'mail.example.com',
	mxDomain: 'example.org',
	mxHost: 'mx1.example.org',
	mxBackupHost: 'mx2.example.org',
	mxAddress: '192.0.2.25',
	msaAddress: '198.51.100.10',
	accessHost: 'imap.example.org',
	accessAddress: '203.0.113.143',
	popHost: 'pop.example.org',
	sender: 'alice@example.com',
	senderName: 'Alice',
	recipient: 'bob@example.org',
	recipientName: 'Bob',
	/** A recipient the MX does not handle, for relay-denied dialogues (fact sheet §3 (e)). */
	foreignRecipient: 'carol@example.net',
	password: 's3cr3t',
	wrongPassword: 'wrong',
	recipientPassword: 'b0bpa55',
	queueIdMsa: '4ABC123',
	queueIdMx: '9XYZ789'
} as const;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 (RFC 4648 §4) of a Latin-1 string; no Buffer or btoa so it runs anywhere. */
export function base64Encode(s: string): string {
	let out = '';
	for (let i = 0; i < s.length; i += 3) {
		const a = s.charCodeAt(i);
		const b = i + 1 < s.length ? s.charCodeAt(i + 1) : NaN;
		const c = i + 2 < s.length ? s.charCodeAt(i + 2) : NaN;
		const n = (a << 16) | ((b || 0) << 8) | (c || 0);
		out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
		out += Number.isNaN(b) ? '=' : B64[(n >> 6) & 63];
		out += Number.isNaN(c) ? '=' : B64[n & 63];
	}
	return out;
}

/** Decodes base64; returns null for text that is not base64. */
export function base64Decode(s: string): string | null {
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null;
	let out = '';
	for (let i = 0; i < s.length; i += 4) {
		const n =
			(B64.indexOf(s[i]) << 18) |
			(B64.indexOf(s[i + 1]) << 12) |
			((s[i + 2] === '=' ? 0 : B64.indexOf(s[i + 2])) << 6) |
			(s[i + 3] === '=' ? 0 : B64.indexOf(s[i + 3]));
		out += String.fromCharCode((n >> 16) & 255);
		if (s[i + 2] !== '=') out += String.fromCharCode((n >> 8) & 255);
		if (s[i + 3] !== '=') out += String.fromCharCode(n & 255);
	}
	return out;
}

/** SASL PLAIN initial response: base64 of `[authzid] NUL authcid NUL passwd` (RFC 4616 §2). */
export function saslPlain(user: string, password: string): string {
	return base64Encode(`\0${user}\0${password}`);
}

/** Shows a decoded SASL PLAIN response with visible NULs, e.g. `\0alice@example.com\0s3cr3t`. */
export function showSaslPlain(encoded: string): string | null {
	const d = base64Decode(encoded);
	return d === null ? null : d.replace(/\0/g, '\\0');
}
