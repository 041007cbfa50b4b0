/**
 * The compact URL form of a scenario, e.g.
 * `phase=submission&port=587&tls=starttls-required&attack=strip-starttls`, used by the web pages and
 * the command-line tool alike. Short keys, defaults omitted, round-trips exactly. Parsing never
 * throws: bad or unknown keys become problems and the nearest valid scenario is returned.
 *
 * Leaves to others: the meaning of each field (scenario.ts). The key table is documented in
 * docs/protocol-model.md.
 */
import { SMTP_PORTS, type SmtpPort } from './ports';
import {
	CERT_STATES,
	CLIENT_SECURITIES,
	CREDENTIALS,
	HOPS,
	LISTEN_MODES,
	MTA_STS_MODES,
	ON_PATH_PARTIES,
	PHASES,
	RETRIEVAL_PROTOCOLS,
	SERVER_ROLES,
	cloneScenario,
	defaultHop,
	defaultScenario,
	normalizeScenario,
	type Problem,
	type Scenario
} from './scenario';

type Kind =
	| { type: 'enum'; values: readonly string[] }
	| { type: 'bool' }
	| { type: 'int'; values: readonly number[] }
	| { type: 'ports' };

interface Field {
	/** URL key. */
	key: string;
	/** Plain description for docs and help. */
	help: string;
	kind: Kind;
	get(s: Scenario): unknown;
	/** Writes the parsed value into a plain scenario-shaped object. */
	set(o: Record<string, Record<string, unknown>>, v: unknown): void;
}

const yesNo = ['yes', 'no'];

function nested(o: Record<string, Record<string, unknown>>, k: string): Record<string, unknown> {
	o[k] ??= {};
	return o[k];
}

const listenField = (port: SmtpPort): Field => ({
	key: `l${port}`,
	help: `how the server listens on port ${port}`,
	kind: { type: 'enum', values: LISTEN_MODES },
	get: (s) => s.server.listen[port],
	set: (o, v) => {
		const server = nested(o, 'server');
		server.listen ??= {};
		(server.listen as Record<string, unknown>)[port] = v;
	}
});

/** The key table, in the order keys are written. */
export const SCENARIO_KEYS: readonly Field[] = [
	{
		key: 'phase',
		help: 'which part of the journey',
		kind: { type: 'enum', values: PHASES },
		get: (s) => s.phase,
		set: (o, v) => ((o as Record<string, unknown>).phase = v)
	},
	{
		key: 'port',
		help: 'port the mail client submits on (relay is always 25)',
		kind: { type: 'int', values: SMTP_PORTS },
		get: (s) => s.port,
		set: (o, v) => ((o as Record<string, unknown>).port = v)
	},
	{
		key: 'tls',
		help: "mail client's security setting",
		kind: { type: 'enum', values: CLIENT_SECURITIES },
		get: (s) => s.client.security,
		set: (o, v) => (nested(o, 'client').security = v)
	},
	{
		key: 'verify',
		help: 'the mail client validates certificates',
		kind: { type: 'bool' },
		get: (s) => s.client.validatesCerts,
		set: (o, v) => (nested(o, 'client').validatesCerts = v)
	},
	{
		key: 'pass',
		help: 'the password the client sends',
		kind: { type: 'enum', values: CREDENTIALS },
		get: (s) => s.client.credentials,
		set: (o, v) => (nested(o, 'client').credentials = v)
	},
	{
		key: 'role',
		help: 'the server the client talks to: an MSA (requires AUTH) or an MX (own domains only)',
		kind: { type: 'enum', values: SERVER_ROLES },
		get: (s) => s.server.role,
		set: (o, v) => (nested(o, 'server').role = v)
	},
	listenField(25),
	listenField(465),
	listenField(587),
	listenField(2525),
	{
		key: 'starttls',
		help: 'the server offers STARTTLS on plaintext ports',
		kind: { type: 'bool' },
		get: (s) => s.server.starttls,
		set: (o, v) => (nested(o, 'server').starttls = v)
	},
	{
		key: 'authtls',
		help: 'the server hides and refuses AUTH until TLS is up',
		kind: { type: 'bool' },
		get: (s) => s.server.tlsBeforeAuth,
		set: (o, v) => (nested(o, 'server').tlsBeforeAuth = v)
	},
	{
		key: 'encrypt',
		help: 'the server requires TLS before any mail command (530 5.7.0 otherwise)',
		kind: { type: 'bool' },
		get: (s) => s.server.requireTls,
		set: (o, v) => (nested(o, 'server').requireTls = v)
	},
	{
		key: 'cert',
		help: "the submission server's certificate",
		kind: { type: 'enum', values: CERT_STATES },
		get: (s) => s.server.cert,
		set: (o, v) => (nested(o, 'server').cert = v)
	},
	{
		key: 'msa-requiretls',
		help: 'the submission server advertises REQUIRETLS',
		kind: { type: 'bool' },
		get: (s) => s.server.requiretls,
		set: (o, v) => (nested(o, 'server').requiretls = v)
	},
	{
		key: 'patched',
		help: 'the submission server discards plaintext pipelined after STARTTLS (CVE-2011-0411 fix)',
		kind: { type: 'bool' },
		get: (s) => s.server.patched,
		set: (o, v) => (nested(o, 'server').patched = v)
	},
	{
		key: 'mx-starttls',
		help: 'the recipient MX offers STARTTLS',
		kind: { type: 'bool' },
		get: (s) => s.mx.starttls,
		set: (o, v) => (nested(o, 'mx').starttls = v)
	},
	{
		key: 'mx-cert',
		help: "the recipient MX's certificate",
		kind: { type: 'enum', values: CERT_STATES },
		get: (s) => s.mx.cert,
		set: (o, v) => (nested(o, 'mx').cert = v)
	},
	{
		key: 'mx-requiretls',
		help: 'the recipient MX advertises REQUIRETLS',
		kind: { type: 'bool' },
		get: (s) => s.mx.requiretls,
		set: (o, v) => (nested(o, 'mx').requiretls = v)
	},
	{
		key: 'mx-patched',
		help: 'the recipient MX discards plaintext pipelined after STARTTLS',
		kind: { type: 'bool' },
		get: (s) => s.mx.patched,
		set: (o, v) => (nested(o, 'mx').patched = v)
	},
	{
		key: 'local',
		help: "the receiving server handles the recipient's domain (no: relay denied)",
		kind: { type: 'bool' },
		get: (s) => s.recipientLocal,
		set: (o, v) => ((o as Record<string, unknown>).recipientLocal = v)
	},
	{
		key: 'block',
		help: "outbound ports blocked on the mail client's network, comma-separated",
		kind: { type: 'ports' },
		get: (s) => s.network.blocked,
		set: (o, v) => (nested(o, 'network').blocked = v)
	},
	{
		key: 'mtablock',
		help: "outbound ports blocked on the sending MTA's network, comma-separated",
		kind: { type: 'ports' },
		get: (s) => s.network.mtaBlocked,
		set: (o, v) => (nested(o, 'network').mtaBlocked = v)
	},
	{
		key: 'attack',
		help: 'the party on the path',
		kind: { type: 'enum', values: ON_PATH_PARTIES },
		get: (s) => s.onPath.party,
		set: (o, v) => (nested(o, 'onPath').party = v)
	},
	{
		key: 'hop',
		help: 'which hop the on-path party sits on (default: the first hop of the phase)',
		kind: { type: 'enum', values: HOPS },
		get: (s) => s.onPath.hop,
		set: (o, v) => (nested(o, 'onPath').hop = v)
	},
	{
		key: 'sts',
		help: "the recipient domain's MTA-STS mode",
		kind: { type: 'enum', values: MTA_STS_MODES },
		get: (s) => s.policy.mtaSts,
		set: (o, v) => (nested(o, 'policy').mtaSts = v)
	},
	{
		key: 'dane',
		help: 'the recipient domain publishes DNSSEC-signed TLSA records',
		kind: { type: 'bool' },
		get: (s) => s.policy.dane,
		set: (o, v) => (nested(o, 'policy').dane = v)
	},
	{
		key: 'requiretls',
		help: 'the message carries REQUIRETLS',
		kind: { type: 'bool' },
		get: (s) => s.policy.requireTls,
		set: (o, v) => (nested(o, 'policy').requireTls = v)
	},
	{
		key: 'fetch',
		help: 'retrieval protocol',
		kind: { type: 'enum', values: RETRIEVAL_PROTOCOLS },
		get: (s) => s.retrieval.protocol,
		set: (o, v) => (nested(o, 'retrieval').protocol = v)
	},
	{
		key: 'fetchport',
		help: 'retrieval port (IMAP 993/143, POP3 995/110; default: the implicit-TLS port)',
		kind: { type: 'int', values: [993, 143, 995, 110] },
		get: (s) => s.retrieval.port,
		set: (o, v) => (nested(o, 'retrieval').port = v)
	},
	{
		key: 'fetchtls',
		help: "the reading client's security setting",
		kind: { type: 'enum', values: CLIENT_SECURITIES },
		get: (s) => s.retrieval.security,
		set: (o, v) => (nested(o, 'retrieval').security = v)
	}
];

function accepted(kind: Kind): string[] {
	switch (kind.type) {
		case 'enum':
			return [...kind.values];
		case 'bool':
			return yesNo;
		case 'int':
			return kind.values.map(String);
		case 'ports':
			return ['a comma-separated list of port numbers, e.g. 25,587'];
	}
}

function parseValue(kind: Kind, raw: string): { ok: true; value: unknown } | { ok: false } {
	switch (kind.type) {
		case 'enum':
			return kind.values.includes(raw) ? { ok: true, value: raw } : { ok: false };
		case 'bool':
			return raw === 'yes'
				? { ok: true, value: true }
				: raw === 'no'
					? { ok: true, value: false }
					: { ok: false };
		case 'int': {
			const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
			return kind.values.includes(n) ? { ok: true, value: n } : { ok: false };
		}
		case 'ports': {
			if (raw === '') return { ok: true, value: [] };
			const parts = raw.split(',');
			if (!parts.every((p) => /^\d{1,5}$/.test(p) && +p >= 1 && +p <= 65535)) return { ok: false };
			return { ok: true, value: parts.map(Number) };
		}
	}
}

function formatValue(kind: Kind, v: unknown): string {
	if (kind.type === 'bool') return v ? 'yes' : 'no';
	if (kind.type === 'ports') return (v as number[]).join(',');
	return String(v);
}

const FIELD_BY_KEY = new Map(SCENARIO_KEYS.map((f) => [f.key, f]));

/** Default of a key for a given scenario (the hop default depends on the phase). */
function defaultFor(f: Field, s: Scenario): string {
	if (f.key === 'hop') return defaultHop(s.phase);
	if (f.key === 'fetchport') return s.retrieval.protocol === 'pop3' ? '995' : '993';
	return formatValue(f.kind, f.get(defaultScenario));
}

/**
 * Reads the compact form. Missing keys take defaults; bad values and unknown keys are ignored and
 * reported. Never throws.
 */
export function parseScenarioQuery(query: string | URLSearchParams): {
	scenario: Scenario;
	problems: Problem[];
} {
	const problems: Problem[] = [];
	let entries: [string, string][];
	try {
		const params =
			typeof query === 'string' ? new URLSearchParams(query.trim().replace(/^\?/, '')) : query;
		entries = [...params.entries()];
	} catch (e) {
		return {
			scenario: cloneScenario(defaultScenario),
			problems: [{ field: '(query)', message: `The scenario text could not be read: ${String(e)}` }]
		};
	}
	const o: Record<string, Record<string, unknown>> = {};
	const seen = new Set<string>();
	for (const [key, raw] of entries) {
		const f = FIELD_BY_KEY.get(key);
		if (!f) {
			problems.push({
				field: key,
				message: `Unknown key "${key}" was ignored.`,
				accepted: SCENARIO_KEYS.map((k) => k.key)
			});
			continue;
		}
		if (seen.has(key)) {
			problems.push({ field: key, message: `${key} was given twice; the last value counts.` });
		}
		seen.add(key);
		const parsed = parseValue(f.kind, raw);
		if (!parsed.ok) {
			const acc = accepted(f.kind);
			problems.push({
				field: key,
				// "—" rather than brackets: a help text may hold brackets of its own.
				message: `${key}=${raw} is not valid — ${f.help}; accepted: ${acc.join(', ')}. The default was used.`,
				accepted: acc
			});
			continue;
		}
		f.set(o, parsed.value);
	}
	const { scenario, problems: more } = normalizeScenario(o);
	for (const p of more) {
		const f = SCENARIO_KEYS.find((k) => fieldPath(k) === p.field);
		problems.push(f ? { ...p, field: f.key } : p);
	}
	return { scenario, problems };
}

/** The scenario path a key writes, e.g. `client.security` for `tls`; used to rename problems. */
function fieldPath(f: Field): string {
	const probe: Record<string, Record<string, unknown>> = {};
	f.set(probe, '__probe__');
	const walk = (v: unknown, prefix: string): string | null => {
		if (v === '__probe__') return prefix;
		if (typeof v === 'object' && v !== null) {
			for (const [k, w] of Object.entries(v)) {
				const r = walk(w, prefix ? `${prefix}.${k}` : k);
				if (r) return r;
			}
		}
		return null;
	};
	return walk(probe, '') ?? f.key;
}

/** Writes the compact form, omitting every value equal to its default. */
export function serializeScenario(s: Scenario): string {
	const parts: string[] = [];
	for (const f of SCENARIO_KEYS) {
		const v = formatValue(f.kind, f.get(s));
		if (v !== defaultFor(f, s))
			parts.push(`${f.key}=${encodeURIComponent(v).replace(/%2C/g, ',')}`);
	}
	return parts.join('&');
}
