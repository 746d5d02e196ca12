// Go's time package pieces directly: Duration.String, ParseDuration, time.Date's calendar.
// Expected values were printed by a Go 1.26 program (time.Duration(d).String(),
// time.ParseDuration, time.Date(y, 2, 29, 23, 59, 59, 0, UTC).Unix()/Weekday()/YearDay()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  civil,
  durationString,
  formatTime,
  loadLocation,
  makeDate,
  parseDuration,
  parseTime,
  UTC,
  WEEKDAYS,
  ZERO_SEC,
} from '../../src/funcs/timefmt.js';

test('Duration.String', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1000n, '1µs'],
    [1001n, '1.001µs'],
    [1500000n, '1.5ms'],
    [999999999n, '999.999999ms'],
    [1000000000n, '1s'],
    [1500000000n, '1.5s'],
    [60000000000n, '1m0s'],
    [3600000000000n, '1h0m0s'],
    [3723000000000n, '1h2m3s'],
    [90061001000000n, '25h1m1.001s'],
    [-1n, '-1ns'],
    [-1500000000n, '-1.5s'],
    [9223372036854775807n, '2562047h47m16.854775807s'],
    [-9223372036854775808n, '-2562047h47m16.854775808s'],
    [100000n, '100µs'],
    [7200000000000n, '2h0m0s'],
  ];
  for (const [d, s] of cases) assert.equal(durationString(d), s, String(d));
});

test('ParseDuration', () => {
  const ok: [string, bigint][] = [
    ['1h2m3.5s', 3723500000000n],
    ['-1.5h', -5400000000000n],
    ['300ms', 300000000n],
    ['2h45m', 9900000000000n],
    ['1.000000001s', 1000000001n],
    ['.1s', 100000000n],
    ['1m1m1m', 180000000000n],
    ['0.1ns', 0n],
    ['9223372036854775807ns', 9223372036854775807n],
  ];
  for (const [s, d] of ok) assert.equal(parseDuration(s), d, s);
  const bad: [string, string][] = [
    ['1e3s', 'time: unknown unit "e" in duration "1e3s"'],
    ['1h-1m', 'time: unknown unit "h-" in duration "1h-1m"'],
    ['5', 'time: missing unit in duration "5"'],
    ['-', 'time: invalid duration "-"'],
    ['+', 'time: invalid duration "+"'],
    ['1.2.3s', 'time: missing unit in duration "1.2.3s"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ];
  for (const [s, msg] of bad) assert.throws(() => parseDuration(s), { message: msg }, s);
});

test('time.Date normalises and the calendar is proleptic Gregorian', () => {
  const cases: [number, string][] = [
    [1, '-62130412801 Thursday 60'],
    [1600, '-11670912001 Tuesday 60'],
    [1969, '-26352001 Saturday 60'],
    [1970, '5183999 Sunday 60'],
    [2000, '951868799 Tuesday 60'],
    [2024, '1709251199 Thursday 60'],
    [9999, '253375948799 Monday 60'],
    [-1, '-62193571201 Monday 60'],
    [0, '-62162035201 Tuesday 60'],
    [10000, '253407484799 Tuesday 60'],
  ];
  for (const [y, want] of cases) {
    const t = makeDate(y, 2, 29, 23, 59, 59, 0, UTC);
    const c = civil(t);
    assert.equal(`${t.sec} ${WEEKDAYS[c.weekday]} ${c.yday}`, want, String(y));
  }
  assert.equal(
    formatTime({ sec: ZERO_SEC, nsec: 0, loc: UTC }, '2006-01-02 15:04:05 MST'),
    '0001-01-01 00:00:00 UTC',
  );
});

test('zones and parsing round-trip through the layouts', () => {
  // Go: time.Date(2024, 3, 5, 14, 7, 9, 123456789, time.UTC).In(New York) prints
  // "2024-03-05 09:07:09.123456789 -0500 EST"; 1850 in New York is LMT -0456.
  const ny = loadLocation('America/New_York');
  const t = makeDate(2024, 3, 5, 14, 7, 9, 123456789, UTC);
  assert.equal(
    formatTime({ ...t, loc: ny }, '2006-01-02 15:04:05.999999999 -0700 MST'),
    '2024-03-05 09:07:09.123456789 -0500 EST',
  );
  assert.equal(
    formatTime(makeDate(1850, 1, 1, 0, 0, 0, 0, ny), '2006-01-02 15:04:05 -0700 MST'),
    '1850-01-01 00:00:00 -0456 LMT',
  );
  const p = parseTime('2006-01-02T15:04:05.999999999Z07:00', '2024-03-05T09:07:09.123456789-05:00', UTC, ny);
  assert.equal(p.sec, t.sec);
  assert.equal(p.nsec, t.nsec);
  assert.equal(p.loc, ny); // the offset matches Local's, so Go keeps Local
  assert.throws(() => loadLocation('Nope/Zone'), { message: 'unknown time zone Nope/Zone' });
  assert.throws(() => loadLocation('../etc/passwd'), { message: 'time: invalid location name' });
});

test('without tzdata, Intl gives the offsets (abbreviations best effort)', async () => {
  const { loadLocationFromIntl } = await import('../../src/funcs/timefmt.js');
  const ny = loadLocationFromIntl('America/New_York');
  const tz = loadLocation('America/New_York');
  // every hour across 2024 and a few historic instants agree with tzdata on the offset
  for (let s = 1704067200; s < 1735689600; s += 3600) assert.equal(ny.lookup(s).offset, tz.lookup(s).offset);
  assert.equal(ny.lookup(1709647629).abbr, 'EST');
  assert.equal(ny.lookup(1721044800).abbr, 'EDT');
  const dubai = loadLocationFromIntl('Asia/Dubai');
  assert.equal(dubai.lookup(1709647629).offset, 4 * 3600);
  assert.throws(() => loadLocationFromIntl('Nope/Zone'), { message: 'unknown time zone Nope/Zone' });
  assert.throws(() => loadLocationFromIntl('america/new_york'), {
    message: 'unknown time zone america/new_york',
  });
});
