import { describe, expect, it } from 'vitest';
import { isAllowedHost } from '../../src/lib/server/hosts';
import { RateLimiter } from '../../src/lib/server/quota';
import { uploadLimit } from '../../src/lib/server/upload';

describe('isAllowedHost', () => {
	it('answers loopback names on any port when no ORIGIN is set', () => {
		for (const host of ['localhost:3000', '127.0.0.1:5173', '[::1]:3000', 'LOCALHOST']) {
			expect(isAllowedHost(host), host).toBe(true);
		}
		for (const host of [
			'attacker.example',
			'attacker.example:3000',
			'127.0.0.1.nip.io',
			'',
			null
		]) {
			expect(isAllowedHost(host), String(host)).toBe(false);
		}
	});

	it("answers only ORIGIN's host when it is set, and ALLOWED_HOSTS", () => {
		const origin = 'https://reader.example.org';
		expect(isAllowedHost('reader.example.org', { origin })).toBe(true);
		expect(isAllowedHost('localhost:3000', { origin })).toBe(false);
		expect(
			isAllowedHost('mirror.example.org', { origin, allowed: 'mirror.example.org, x.y' })
		).toBe(true);
	});
});

describe('RateLimiter', () => {
	it('allows `limit` actions per key in the window, and says how long to wait', () => {
		const limiter = new RateLimiter(2, 60_000);
		expect(limiter.take('a', 0)).toBeUndefined();
		expect(limiter.take('a', 1_000)).toBeUndefined();
		expect(limiter.take('a', 2_000)).toBe(58);
		expect(limiter.take('b', 2_000)).toBeUndefined();
		expect(limiter.take('a', 60_001)).toBeUndefined();
	});
});

describe('uploadLimit', () => {
	it('promises no more than the server body limit lets through', () => {
		expect(uploadLimit(undefined)).toBe(2 * 2 ** 20);
		expect(uploadLimit('4M')).toBe(2 * 2 ** 20);
		expect(uploadLimit('512K')).toBe(448 * 1024);
		expect(uploadLimit('Infinity')).toBe(2 * 2 ** 20);
		expect(uploadLimit('1000000')).toBe(1_000_000 - 64 * 1024);
	});
});
