/**
 * The scanner's storage on the device: the roster and the queue of scans made offline, in IndexedDB (the
 * roster is sensitive and stays out of HTTP caches), the device's id and name in localStorage.
 */
import type { Roster } from '$lib/server/checkin/dto';
import { randomId } from './scan-text';

const DB_NAME = 'hoi-nghi-checkin';
const DB_VERSION = 1;

/** A scan waiting to be sent: the same nonce as the attempt that failed, so a late arrival is not doubled. */
export interface QueuedScan {
	nonce: string;
	eventId: number;
	kind: 'checkin' | 'refused';
	token?: string;
	delegateId?: number;
	clientTime: string;
	deviceId: string;
	deviceLabel: string;
	reason?: string;
	/** For the list on screen. */
	name?: string;
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
	opening ??= new Promise((resolve, reject) => {
		const req = indexedDB.open(DB_NAME, DB_VERSION);
		req.onupgradeneeded = () => {
			const db = req.result;
			if (!db.objectStoreNames.contains('roster')) db.createObjectStore('roster', { keyPath: 'eventId' });
			if (!db.objectStoreNames.contains('queue')) {
				const q = db.createObjectStore('queue', { keyPath: 'nonce' });
				q.createIndex('eventId', 'eventId');
			}
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => {
			opening = null;
			reject(req.error);
		};
	});
	return opening;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

async function store(name: 'roster' | 'queue', mode: IDBTransactionMode): Promise<IDBObjectStore> {
	return (await open()).transaction(name, mode).objectStore(name);
}

export async function loadRoster(eventId: number): Promise<Roster | null> {
	try {
		const row = (await done((await store('roster', 'readonly')).get(eventId))) as { roster: Roster } | undefined;
		return row?.roster ?? null;
	} catch {
		return null;
	}
}

export async function saveRoster(roster: Roster): Promise<void> {
	await done((await store('roster', 'readwrite')).put({ eventId: roster.eventId, roster, savedAt: Date.now() }));
}

export async function enqueue(item: QueuedScan): Promise<void> {
	await done((await store('queue', 'readwrite')).put(item));
}

export async function queued(eventId: number): Promise<QueuedScan[]> {
	const all = (await done((await store('queue', 'readonly')).index('eventId').getAll(eventId))) as QueuedScan[];
	return all.sort((a, b) => a.clientTime.localeCompare(b.clientTime));
}

export async function dequeue(nonces: string[]): Promise<void> {
	if (!nonces.length) return;
	const s = await store('queue', 'readwrite');
	await Promise.all(nonces.map((n) => done(s.delete(n))));
}

/** Removes the roster and the queue of an event from this device (after the conference). */
export async function forgetEvent(eventId: number): Promise<void> {
	await done((await store('roster', 'readwrite')).delete(eventId));
	const items = await queued(eventId);
	await dequeue(items.map((i) => i.nonce));
}

export interface Device {
	id: string;
	label: string;
}

export function device(defaultLabel: string): Device {
	let id = '';
	let label = '';
	try {
		id = localStorage.getItem('hn-device-id') ?? '';
		label = localStorage.getItem('hn-device-label') ?? '';
		if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
			id = `d-${randomId(12)}`;
			localStorage.setItem('hn-device-id', id);
		}
	} catch {
		id ||= `d-${randomId(12)}`;
	}
	return { id, label: label || defaultLabel };
}

export function setDeviceLabel(label: string): void {
	try {
		localStorage.setItem('hn-device-label', label);
	} catch {
		/* private mode */
	}
}

export function preference(key: string, fallback: string): string {
	try {
		return localStorage.getItem(`hn-checkin-${key}`) ?? fallback;
	} catch {
		return fallback;
	}
}

export function setPreference(key: string, value: string): void {
	try {
		localStorage.setItem(`hn-checkin-${key}`, value);
	} catch {
		/* private mode */
	}
}
