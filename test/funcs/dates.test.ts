// Sprig's date functions and the time.Time / time.Duration values behind them. The case
// table is evaluated by real Go 1.26 + Sprig v3.3.0 as templates ({{ fn args }} and
// {{ .x.Method args }}) over the data set built in `data` below; the expected strings are
// what Go printed (errors: the text after "error calling NAME: "). GO_UTC ran with Local =
// /etc/localtime = Etc/UTC, GO_BERLIN (only where it differs) with TZ=Europe/Berlin.
// Zone abbreviations come from the system tzdata, as Go's do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datesFuncs, GoTime, GoDuration, GoLocationValue, GoNamedInt } from '../../src/funcs/dates.js';
import { makeDate, loadLocation, UTC } from '../../src/funcs/timefmt.js';
import type { FuncEnv } from '../../src/funcs/env.js';
import { GoInt, GoObject, int, int64, GoError, typeOf, kindOf, type Value } from '../../src/go/value.js';
import { formatFloatShortestG } from '../../src/go/strconv/format-float.js';

// Case table: [fnOrMethod, ...args]; args: "$x" data ref, plain string literal, {i:n} int literal.
type Arg = string | { i: number };
type Case = [string, ...Arg[]];
const layouts = [
  '2006-01-02 15:04:05.999999999 -0700 MST',
  'Mon Jan _2 15:04:05 2006',
  'Monday, 02-Jan-06 15:04:05 MST',
  '02 Jan 06 15:04 -0700',
  '2006-01-02T15:04:05Z07:00',
  '2006-01-02T15:04:05.000Z0700',
  '3:04PM',
  '03:04:05pm',
  '1/2/06 3:4:5',
  'January _2 __2 002',
  '.0 .00 .000000 .9 .99 .999999 ,000 ,999',
  '15:04:05.00000000000',
  'Z07 -07 Z07:00:00 -07:00:00 Z070000 -070000',
  'Jan Janu Mon Mond MSTx',
  '_2006 06 2006',
  'hello 2006 ü',
  '',
  'x',
  'PMpm',
  '1 01 2 02 3 03 4 04 5 05 6 06',
];
const zones = [
  'UTC',
  'America/New_York',
  'Asia/Kolkata',
  'Europe/Dublin',
  'Australia/Lord_Howe',
  'Asia/Dubai',
  'Local',
  'Nope/Zone',
  'utc',
  'America/new_york',
  'EST5EDT',
  'Etc/GMT-14',
];
const cases: Case[] = [];
for (const l of layouts)
  for (const z of ['UTC', 'America/New_York', 'Asia/Kolkata']) cases.push(['dateInZone', l, '$t', z]);
for (const z of zones) cases.push(['dateInZone', '2006-01-02 15:04:05.999999999 -0700 MST', '$t', z]);
for (const z of zones) cases.push(['dateInZone', '2006-01-02 15:04:05 -0700 MST', '$i64', z]);
for (const v of ['$t', '$tny', '$t0', '$i64', '$i', '$i32', '$old', '$neg'])
  cases.push(['date', '2006-01-02 15:04:05.999999999 -0700 MST Monday 002', v]);
cases.push(
  ['htmlDate', '$t'],
  ['htmlDateInZone', '$t', 'Asia/Tokyo'],
  ['date_in_zone', '2006', '$t', 'UTC'],
  ['dateInZone', '2006-01-02 15:04 MST', '$summer', 'Europe/Dublin'],
  ['dateInZone', '2006-01-02 15:04 MST', '$summer', 'America/Sao_Paulo'],
  ['dateInZone', '2006-01-02 15:04 MST', '$far', 'America/New_York'],
  ['dateInZone', '2006-01-02 15:04 MST', '$far', 'Europe/Berlin'],
);
for (const d of [
  '-1h30m',
  '1.5h',
  '24h',
  'bad',
  '',
  '1.0000000001s',
  '-0',
  '+5m3s',
  '100ms',
  '1µs',
  '1μs',
  '3us',
  '7ns',
])
  cases.push(['dateModify', d, '$t']);
for (const d of [
  'bad',
  '1x',
  '',
  '1',
  '.s',
  '.5s',
  '5.s',
  '9223372036854775807ns',
  '9223372036854775808ns',
  '-9223372036854775808ns',
  '2562047h47m16.854775807s',
  '2562048h',
  '1h1h',
  '0',
  '+0',
  '-1.5h',
  '1.25m',
  'h',
  '1hh',
  '1.h',
  'ü',
  '1ü',
  '3.9999999999999999999s',
  '0.000000001s',
  '0.0000000001s',
])
  cases.push(['mustDateModify', d, '$t']);
cases.push(['date_modify', '1h', '$t'], ['must_date_modify', '-1m', '$t']);
for (const s of [
  '95',
  '$i64',
  '$i',
  'abc',
  '-95',
  '99999999999',
  '9999999999999999999',
  '-9999999999999999999',
  '$d',
  '1e3',
  '+7',
  ' 7',
  '0',
  '3600',
  '86400',
  '$f',
])
  cases.push(['duration', s]);
for (const s of [
  '2h5m',
  '$i64',
  '-3h',
  '25h',
  '720h1s',
  '721h',
  '8761h',
  '8760h',
  '$d',
  'bad',
  '1s',
  '1.5s',
  '61s',
  '60s',
  '59m59s',
  '-90m',
  '$i',
  '$f',
])
  cases.push(['durationRound', s]);
const parses: [string, string][] = [
  ['2006-01-02', '2024-03-05'],
  ['2006-01-02T15:04:05Z07:00', '2024-03-05T14:07:09+05:30'],
  ['2006-01-02T15:04:05Z07:00', '2024-03-05T14:07:09Z'],
  ['2006-01-02 15:04:05 MST', '2024-03-05 14:07:09 PST'],
  ['2006-01-02 15:04:05 MST', '2024-03-05 14:07:09 UTC'],
  ['2006-01-02 15:04:05 MST', '2024-03-05 14:07:09 EST'],
  ['2006-01-02 15:04:05 -0700 MST', '2024-03-05 14:07:09 -0800 PST'],
  ['2006-01-02 15:04:05 -0700 MST', '2024-03-05 14:07:09 +0000 UTC'],
  ['Jan _2 15:04:05.000', 'Mar  5 14:07:09.123'],
  ['Monday, 02-Jan-06 15:04:05 MST', 'Tuesday, 05-Mar-24 14:07:09 GMT+3'],
  ['3:04PM', '2:07PM'],
  ['03:04pm', '12:07am'],
  ['03:04PM', '12:07PM'],
  ['2006-002', '2024-065'],
  ['2006-__2', '2024- 65'],
  ['2006-002', '2023-366'],
  ['2006-002', '2024-060'],
  ['2006-01-002', '2024-02-060'],
  ['2006-01-002', '2024-03-060'],
  ['2006-01-02', '2024-02-30'],
  ['2006-01-02', '2024-13-01'],
  ['15:04:05', '25:00:00'],
  ['15:04:05', '23:60:00'],
  ['15:04:05', '23:59:60'],
  ['2006-01-02', '2024-03-05x'],
  ['2006-01-02', '24-03-05'],
  ['2006-01-02 15:04:05', '2024-03-05 14:07:09.987654321'],
  ['2006-01-02 15:04:05,000', '2024-03-05 14:07:09,5'],
  ['2006-01-02T15:04:05.999999999Z07:00', '2024-03-05T14:07:09.1Z'],
  ['Jan 2 2006', 'jan 5 2024'],
  ['January 2, 2006', 'MARCH 5, 2024'],
  ['02 Jan 06 15:04 -0700', '05 Mar 24 14:07 +0100'],
  ['2006-01-02 15:04:05 Z07', '2024-03-05 14:07:09 -03'],
  ['2006-01-02 15:04:05 -07:00:00', '2024-03-05 14:07:09 +01:02:03'],
  ['ü 2006', 'ü 2024'],
  ['2006-01-02', 'ä2024'],
  ['', ''],
  ['06', '68'],
  ['06', '69'],
  ['2006-01-02 MST', '2024-03-05 CEST'],
  ['2006-01-02 MST', '2024-03-05 ChST'],
  ['2006-01-02 MST', '2024-03-05 WITA'],
  ['_2006', '_2024'],
  ['2006 Mon', '2024 Fri'],
  ['2006 Monday', '2024 Someday'],
  ['1/2/2006', '12/31/1999'],
  ['2006-01-02 15:04:05.000', '2024-03-05 14:07:09.12'],
  ['2006-01-02 15:04:05.999', '2024-03-05 14:07:09'],
  ['2006-01-02 15:04:05 -0700', '2024-03-05 14:07:09 +2500'],
  ['2006-01-02 15:04:05 -0700', '2024-03-05 14:07:09 *0100'],
  ['2006  01', '2024 01'],
  ['2006 01', '2024    01'],
  ['2006-01-02 MST', '2024-03-05 GMT-25'],
  ['15:04:05.000000000000', '14:07:09.123456789123'],
  ['2006-01-02T15:04:05', '"2024-03-05T14:07:09"'],
  ['2006 \\ "x"', '2024 \\ "y"'],
  ['2006-01-02 15:04:05 MST', '2024-03-05 14:07:09 +05'],
];
for (const [l, v] of parses) cases.push(['toDate', l, v], ['mustToDate', l, v]);
for (const v of ['$t', '$old', '$neg', '$t0', '$tny']) cases.push(['unixEpoch', v]);
// methods: ".x.M args"
const methods: Case[] = [
  ['.t.Unix'],
  ['.t.UnixMilli'],
  ['.t.UnixNano'],
  ['.t.UTC'],
  ['.tny.UTC'],
  ['.tny.Year'],
  ['.t.Month'],
  ['.t.Weekday'],
  ['.neg.Weekday'],
  ['.t.YearDay'],
  ['.t.Day'],
  ['.t.Hour'],
  ['.tny.Hour'],
  ['.t.Minute'],
  ['.t.Second'],
  ['.t.Nanosecond'],
  ['.t.Format', 'Mon 2006'],
  ['.t.AddDate', { i: 1 }, { i: -3 }, { i: 40 }],
  ['.t.AddDate', { i: 0 }, { i: 0 }, { i: -65 }],
  ['.tny.Location'],
  ['.t.Location'],
  ['.t.Truncate', '$d'],
  ['.t.Round', '$d'],
  ['.t.Add', '$d'],
  ['.t.Sub', '$t0'],
  ['.t0.Sub', '$t'],
  ['.t.Sub', '$old'],
  ['.d.Hours'],
  ['.d.Minutes'],
  ['.d.Seconds'],
  ['.d.Milliseconds'],
  ['.d.Microseconds'],
  ['.d.Nanoseconds'],
  ['.d.String'],
  ['.t.IsZero'],
  ['.t0.IsZero'],
  ['.tny.IsDST'],
  ['.summerny.IsDST'],
  ['.t.Equal', '$tny'],
  ['.t.Before', '$old'],
  ['.t.After', '$old'],
  ['.t.Compare', '$old'],
  ['.t.String'],
  ['.old.Local'],
  ['.t.In', '$nyloc'],
  ['.neg.Year'],
  ['.neg.YearDay'],
  ['.t0.Unix'],
];
cases.push(...methods);

const GO_UTC: string[] = [
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 09:07:09.123456789 -0500 EST',
  '2024-03-05 19:37:09.123456789 +0530 IST',
  'Tue Mar  5 14:07:09 2024',
  'Tue Mar  5 09:07:09 2024',
  'Tue Mar  5 19:37:09 2024',
  'Tuesday, 05-Mar-24 14:07:09 UTC',
  'Tuesday, 05-Mar-24 09:07:09 EST',
  'Tuesday, 05-Mar-24 19:37:09 IST',
  '05 Mar 24 14:07 +0000',
  '05 Mar 24 09:07 -0500',
  '05 Mar 24 19:37 +0530',
  '2024-03-05T14:07:09Z',
  '2024-03-05T09:07:09-05:00',
  '2024-03-05T19:37:09+05:30',
  '2024-03-05T14:07:09.123Z',
  '2024-03-05T09:07:09.123-0500',
  '2024-03-05T19:37:09.123+0530',
  '2:07PM',
  '9:07AM',
  '7:37PM',
  '02:07:09pm',
  '09:07:09am',
  '07:37:09pm',
  '3/5/24 2:7:9',
  '3/5/24 9:7:9',
  '3/5/24 7:37:9',
  'March  5  65 065',
  'March  5  65 065',
  'March  5  65 065',
  '.1 .12 .123456 .1 .12 .123456 ,123 ,123',
  '.1 .12 .123456 .1 .12 .123456 ,123 ,123',
  '.1 .12 .123456 .1 .12 .123456 ,123 ,123',
  '14:07:09.123456789',
  '09:07:09.123456789',
  '19:37:09.123456789',
  'Z +00 Z +00:00:00 Z +000000',
  '-05 -05 -05:00:00 -05:00:00 -050000 -050000',
  '+05 +05 +05:30:00 +05:30:00 +053000 +053000',
  'Mar Janu Tue Mond UTCx',
  'Mar Janu Tue Mond ESTx',
  'Mar Janu Tue Mond ISTx',
  '_2024 24 2024',
  '_2024 24 2024',
  '_2024 24 2024',
  'hello 2024 ü',
  'hello 2024 ü',
  'hello 2024 ü',
  '',
  '',
  '',
  'x',
  'x',
  'x',
  'PMpm',
  'AMam',
  'PMpm',
  '3 03 5 05 2 02 7 07 9 09 6 24',
  '3 03 5 05 9 09 7 07 9 09 6 24',
  '3 03 5 05 7 07 37 37 9 09 6 24',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 09:07:09.123456789 -0500 EST',
  '2024-03-05 19:37:09.123456789 +0530 IST',
  '2024-03-05 14:07:09.123456789 +0000 GMT',
  '2024-03-06 01:07:09.123456789 +1100 +11',
  '2024-03-05 18:07:09.123456789 +0400 +04',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 09:07:09.123456789 -0500 EST',
  '2024-03-06 04:07:09.123456789 +1400 +14',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 09:07:09 -0500 EST',
  '2024-03-05 19:37:09 +0530 IST',
  '2024-03-05 14:07:09 +0000 GMT',
  '2024-03-06 01:07:09 +1100 +11',
  '2024-03-05 18:07:09 +0400 +04',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 09:07:09 -0500 EST',
  '2024-03-06 04:07:09 +1400 +14',
  '2024-03-05 14:07:09.123456789 +0000 UTC Tuesday 065',
  '2024-03-05 14:07:09.123456789 +0000 UTC Tuesday 065',
  '0001-01-01 00:00:00 +0000 UTC Monday 001',
  '2024-03-05 14:07:09 +0000 UTC Tuesday 065',
  '2024-03-05 14:07:09 +0000 UTC Tuesday 065',
  '2024-03-05 14:07:09 +0000 UTC Tuesday 065',
  '1850-01-01 04:56:02 +0000 UTC Tuesday 001',
  '-0005-01-01 00:00:00 +0000 UTC Sunday 001',
  '2024-03-05',
  '2024-03-05',
  '2024',
  '2024-07-15 13:00 IST',
  '2024-07-15 09:00 -03',
  '2100-07-01 08:00 EDT',
  '2100-07-01 14:00 CEST',
  '2024-03-05 12:37:09.123456789 +0000 UTC',
  '2024-03-05 15:37:09.123456789 +0000 UTC',
  '2024-03-06 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:10.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:12:12.123456789 +0000 UTC',
  '2024-03-05 14:07:09.223456789 +0000 UTC',
  '2024-03-05 14:07:09.123457789 +0000 UTC',
  '2024-03-05 14:07:09.123457789 +0000 UTC',
  '2024-03-05 14:07:09.123459789 +0000 UTC',
  '2024-03-05 14:07:09.123456796 +0000 UTC',
  'ERR: time: invalid duration "bad"',
  'ERR: time: unknown unit "x" in duration "1x"',
  'ERR: time: invalid duration ""',
  'ERR: time: missing unit in duration "1"',
  'ERR: time: invalid duration ".s"',
  '2024-03-05 14:07:09.623456789 +0000 UTC',
  '2024-03-05 14:07:14.123456789 +0000 UTC',
  '2316-06-15 13:54:25.978232596 +0000 UTC',
  'ERR: time: invalid duration "9223372036854775808ns"',
  '1731-11-25 14:19:52.268680981 +0000 UTC',
  '2316-06-15 13:54:25.978232596 +0000 UTC',
  'ERR: time: invalid duration "2562048h"',
  '2024-03-05 16:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 12:37:09.123456789 +0000 UTC',
  '2024-03-05 14:08:24.123456789 +0000 UTC',
  'ERR: time: invalid duration "h"',
  'ERR: time: unknown unit "hh" in duration "1hh"',
  '2024-03-05 15:07:09.123456789 +0000 UTC',
  'ERR: time: invalid duration "\\xc3\\xbc"',
  'ERR: time: unknown unit "\\xc3\\xbc" in duration "1\\xc3\\xbc"',
  '2024-03-05 14:07:13.123456789 +0000 UTC',
  '2024-03-05 14:07:09.12345679 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 15:07:09.123456789 +0000 UTC',
  '2024-03-05 14:06:09.123456789 +0000 UTC',
  '1m35s',
  '474902h7m9s',
  '0s',
  '0s',
  '-1m35s',
  '2157299h53m50.45224192s',
  '-1s',
  '0s',
  '0s',
  '0s',
  '7s',
  '0s',
  '0s',
  '1h0m0s',
  '24h0m0s',
  '0s',
  '2h',
  '1s',
  '3h',
  '1d',
  '1mo',
  '1mo',
  '1y',
  '12mo',
  '0s',
  '0s',
  '0s',
  '1s',
  '1m',
  '60s',
  '59m',
  '1h',
  '0s',
  '0s',
  '2024-03-05 00:00:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 UTC',
  '2024-03-05 14:07:09 +0530 +0530',
  '2024-03-05 14:07:09 +0530 +0530',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 PST',
  '2024-03-05 14:07:09 +0000 PST',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 EST',
  '2024-03-05 14:07:09 +0000 EST',
  '2024-03-05 14:07:09 -0800 PST',
  '2024-03-05 14:07:09 -0800 PST',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 UTC',
  '0000-03-05 14:07:09.123 +0000 UTC',
  '0000-03-05 14:07:09.123 +0000 UTC',
  '2024-03-05 17:07:09 +0300 GMT+3',
  '2024-03-05 17:07:09 +0300 GMT+3',
  '0000-01-01 14:07:00 +0000 UTC',
  '0000-01-01 14:07:00 +0000 UTC',
  '0000-01-01 00:07:00 +0000 UTC',
  '0000-01-01 00:07:00 +0000 UTC',
  '0000-01-01 12:07:00 +0000 UTC',
  '0000-01-01 12:07:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2023-366": day-of-year out of range',
  '2024-02-29 00:00:00 +0000 UTC',
  '2024-02-29 00:00:00 +0000 UTC',
  '2024-02-29 00:00:00 +0000 UTC',
  '2024-02-29 00:00:00 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-03-060": day-of-year does not match month',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-02-30": day out of range',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-13-01": month out of range',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "25:00:00": hour out of range',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "23:60:00": minute out of range',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "23:59:60": second out of range',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-03-05x": extra text: "x"',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "24-03-05" as "2006-01-02": cannot parse "24-03-05" as "2006"',
  '2024-03-05 14:07:09.987654321 +0000 UTC',
  '2024-03-05 14:07:09.987654321 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-03-05 14:07:09,5" as "2006-01-02 15:04:05,000": cannot parse ",5" as ",000"',
  '2024-03-05 14:07:09.1 +0000 UTC',
  '2024-03-05 14:07:09.1 +0000 UTC',
  '2024-01-05 00:00:00 +0000 UTC',
  '2024-01-05 00:00:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 UTC',
  '2024-03-05 14:07:00 +0100 +0100',
  '2024-03-05 14:07:00 +0100 +0100',
  '2024-03-05 14:07:09 -0300 -0300',
  '2024-03-05 14:07:09 -0300 -0300',
  '2024-03-05 14:07:09 +0102 +0102',
  '2024-03-05 14:07:09 +0102 +0102',
  '2024-01-01 00:00:00 +0000 UTC',
  '2024-01-01 00:00:00 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "\\xc3\\xa42024" as "2006-01-02": cannot parse "\\xc3\\xa42024" as "2006"',
  '0000-01-01 00:00:00 +0000 UTC',
  '0000-01-01 00:00:00 +0000 UTC',
  '2068-01-01 00:00:00 +0000 UTC',
  '2068-01-01 00:00:00 +0000 UTC',
  '1969-01-01 00:00:00 +0000 UTC',
  '1969-01-01 00:00:00 +0000 UTC',
  '2024-03-05 00:00:00 +0000 CEST',
  '2024-03-05 00:00:00 +0000 CEST',
  '2024-03-05 00:00:00 +0000 ChST',
  '2024-03-05 00:00:00 +0000 ChST',
  '2024-03-05 00:00:00 +0000 WITA',
  '2024-03-05 00:00:00 +0000 WITA',
  '2024-01-01 00:00:00 +0000 UTC',
  '2024-01-01 00:00:00 +0000 UTC',
  '2024-01-01 00:00:00 +0000 UTC',
  '2024-01-01 00:00:00 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024 Someday" as "2006 Monday": cannot parse "Someday" as "Monday"',
  '1999-12-31 00:00:00 +0000 UTC',
  '1999-12-31 00:00:00 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-03-05 14:07:09.12" as "2006-01-02 15:04:05.000": cannot parse ".12" as ".000"',
  '2024-03-05 14:07:09 +0000 UTC',
  '2024-03-05 14:07:09 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-03-05 14:07:09 +2500": time zone offset hour out of range',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-03-05 14:07:09 *0100" as "2006-01-02 15:04:05 -0700": cannot parse "*0100" as "-0700"',
  '2024-01-01 00:00:00 +0000 UTC',
  '2024-01-01 00:00:00 +0000 UTC',
  '2024-01-01 00:00:00 +0000 UTC',
  '2024-01-01 00:00:00 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024-03-05 GMT-25": extra text: "-25"',
  '0000-01-01 14:07:09.123456789 +0000 UTC',
  '0000-01-01 14:07:09.123456789 +0000 UTC',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "\\"2024-03-05T14:07:09\\"" as "2006-01-02T15:04:05": cannot parse "\\"2024-03-05T14:07:09\\"" as "2006"',
  '0001-01-01 00:00:00 +0000 UTC',
  'ERR: parsing time "2024 \\\\ \\"y\\"" as "2006 \\\\ \\"x\\"": cannot parse "y\\"" as " \\\\ \\"x\\""',
  '2024-03-05 14:07:09 +0000 +05',
  '2024-03-05 14:07:09 +0000 +05',
  '1709647629',
  '-3786807838',
  '-62324985600',
  '-62135596800',
  '1709647629',
  '1709647629',
  '1709647629123',
  '1709647629123456789',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '2024',
  'March',
  'Tuesday',
  'Sunday',
  '65',
  '5',
  '14',
  '9',
  '7',
  '9',
  '123456789',
  'Tue 2024',
  '2025-01-14 14:07:09.123456789 +0000 UTC',
  '2023-12-31 14:07:09.123456789 +0000 UTC',
  'America/New_York',
  'UTC',
  '2024-03-05 11:17:59.911 +0000 UTC',
  '2024-03-05 11:17:59.911 +0000 UTC',
  '2024-03-06 15:08:10.124456789 +0000 UTC',
  '2562047h47m16.854775807s',
  '-2562047h47m16.854775808s',
  '1526793h11m7.123456789s',
  '25.016944722222224',
  '1501.0166833333333',
  '90061.001',
  '90061001',
  '90061001000',
  '90061001000000',
  '25h1m1.001s',
  'false',
  'true',
  'false',
  'true',
  'true',
  'false',
  'true',
  '1',
  '2024-03-05 14:07:09.123456789 +0000 UTC',
  '1850-01-01 04:56:02 +0000 UTC',
  '2024-03-05 09:07:09.123456789 -0500 EST',
  '-5',
  '1',
  '-62135596800',
];
const GO_BERLIN: Record<number, string> = {
  '66': '2024-03-05 15:07:09.123456789 +0100 CET',
  '78': '2024-03-05 15:07:09 +0100 CET',
  '84': '2024-03-05 15:07:09.123456789 +0100 CET Tuesday 065',
  '85': '2024-03-05 15:07:09.123456789 +0100 CET Tuesday 065',
  '86': '0001-01-01 00:53:28 +0053 LMT Monday 001',
  '87': '2024-03-05 15:07:09 +0100 CET Tuesday 065',
  '88': '2024-03-05 15:07:09 +0100 CET Tuesday 065',
  '89': '2024-03-05 15:07:09 +0100 CET Tuesday 065',
  '90': '1850-01-01 05:49:30 +0053 LMT Tuesday 001',
  '91': '-0005-01-01 00:53:28 +0053 LMT Sunday 001',
  '173': '2024-03-05 00:00:00 +0100 CET',
  '174': '2024-03-05 00:00:00 +0100 CET',
  '189': '0000-03-05 14:07:09.123 +0053 LMT',
  '190': '0000-03-05 14:07:09.123 +0053 LMT',
  '193': '0000-01-01 14:07:00 +0053 LMT',
  '194': '0000-01-01 14:07:00 +0053 LMT',
  '195': '0000-01-01 00:07:00 +0053 LMT',
  '196': '0000-01-01 00:07:00 +0053 LMT',
  '197': '0000-01-01 12:07:00 +0053 LMT',
  '198': '0000-01-01 12:07:00 +0053 LMT',
  '199': '2024-03-05 00:00:00 +0100 CET',
  '200': '2024-03-05 00:00:00 +0100 CET',
  '201': '2024-03-05 00:00:00 +0100 CET',
  '202': '2024-03-05 00:00:00 +0100 CET',
  '205': '2024-02-29 00:00:00 +0100 CET',
  '206': '2024-02-29 00:00:00 +0100 CET',
  '207': '2024-02-29 00:00:00 +0100 CET',
  '208': '2024-02-29 00:00:00 +0100 CET',
  '225': '2024-03-05 14:07:09.987654321 +0100 CET',
  '226': '2024-03-05 14:07:09.987654321 +0100 CET',
  '231': '2024-01-05 00:00:00 +0100 CET',
  '232': '2024-01-05 00:00:00 +0100 CET',
  '233': '2024-03-05 00:00:00 +0100 CET',
  '234': '2024-03-05 00:00:00 +0100 CET',
  '235': '2024-03-05 14:07:00 +0100 CET',
  '236': '2024-03-05 14:07:00 +0100 CET',
  '241': '2024-01-01 00:00:00 +0100 CET',
  '242': '2024-01-01 00:00:00 +0100 CET',
  '245': '0000-01-01 00:00:00 +0053 LMT',
  '246': '0000-01-01 00:00:00 +0053 LMT',
  '247': '2068-01-01 00:00:00 +0100 CET',
  '248': '2068-01-01 00:00:00 +0100 CET',
  '249': '1969-01-01 00:00:00 +0100 CET',
  '250': '1969-01-01 00:00:00 +0100 CET',
  '251': '2024-03-04 23:00:00 +0100 CET',
  '252': '2024-03-04 23:00:00 +0100 CET',
  '257': '2024-01-01 00:00:00 +0100 CET',
  '258': '2024-01-01 00:00:00 +0100 CET',
  '259': '2024-01-01 00:00:00 +0100 CET',
  '260': '2024-01-01 00:00:00 +0100 CET',
  '263': '1999-12-31 00:00:00 +0100 CET',
  '264': '1999-12-31 00:00:00 +0100 CET',
  '267': '2024-03-05 14:07:09 +0100 CET',
  '268': '2024-03-05 14:07:09 +0100 CET',
  '273': '2024-01-01 00:00:00 +0100 CET',
  '274': '2024-01-01 00:00:00 +0100 CET',
  '275': '2024-01-01 00:00:00 +0100 CET',
  '276': '2024-01-01 00:00:00 +0100 CET',
  '279': '0000-01-01 14:07:09.123456789 +0053 LMT',
  '280': '0000-01-01 14:07:09.123456789 +0053 LMT',
};

const ny = loadLocation('America/New_York');
const t = new GoTime(makeDate(2024, 3, 5, 14, 7, 9, 123456789, UTC));
const data: Record<string, Value> = {
  t,
  tny: t.in(ny),
  t0: GoTime.zero(),
  i64: int64(1709647629),
  i: int(1709647629),
  i32: new GoInt('int32', 1709647629n),
  f: 1709647629,
  d: new GoDuration(90061001000000n),
  old: new GoTime(makeDate(1850, 1, 1, 0, 0, 0, 0, ny)),
  neg: new GoTime(makeDate(-5, 1, 1, 0, 0, 0, 0, UTC)),
  ui: new GoInt('uint', 5n),
  summer: new GoTime(makeDate(2024, 7, 15, 12, 0, 0, 0, UTC)),
  far: new GoTime(makeDate(2100, 7, 1, 12, 0, 0, 0, UTC)),
  summerny: new GoTime(makeDate(2024, 7, 15, 12, 0, 0, 0, ny)),
  nyloc: new GoLocationValue(ny),
};

const realEnv: FuncEnv = { now: () => new Date(), randomBytes: (n) => new Uint8Array(n) };
const val = (a: Arg): Value => (typeof a === 'object' ? int(a.i) : a.startsWith('$') ? data[a.slice(1)]! : a);
const show = (v: Value): string =>
  v instanceof GoObject
    ? v.stringer()!
    : v instanceof GoInt
      ? v.v.toString()
      : typeof v === 'number'
        ? formatFloatShortestG(v)
        : String(v);

function evaluate(fns: Map<string, { fn: (...a: Value[]) => Value }>, [f, ...args]: Case): string {
  try {
    if (f.startsWith('.')) {
      const [, recv, m] = f.split('.');
      const method = (data[recv!] as GoObject).method(m!);
      assert.ok(method, f);
      return show(method.fn(...args.map(val)));
    }
    const fn = fns.get(f);
    assert.ok(fn, f);
    return show(fn.fn(...args.map(val)));
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    return `ERR: ${e.message}`;
  }
}

test('the Go-observed table, Local = UTC', () => {
  assert.equal(cases.length, GO_UTC.length);
  const fns = datesFuncs(realEnv, loadLocation('Etc/UTC'));
  const bad: string[] = [];
  cases.forEach((c, k) => {
    const got = evaluate(fns, c);
    if (got !== GO_UTC[k])
      bad.push(`#${k} ${JSON.stringify(c)}: want ${JSON.stringify(GO_UTC[k])} got ${JSON.stringify(got)}`);
  });
  assert.deepEqual(bad, []);
});

test('the Go-observed table, Local = Europe/Berlin', () => {
  const fns = datesFuncs(realEnv, loadLocation('Europe/Berlin'));
  const bad: string[] = [];
  for (const [k, want] of Object.entries(GO_BERLIN)) {
    const got = evaluate(fns, cases[Number(k)]!);
    if (got !== want)
      bad.push(
        `#${k} ${JSON.stringify(cases[Number(k)])}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`,
      );
  }
  assert.ok(Object.keys(GO_BERLIN).length > 20);
  assert.deepEqual(bad, []);
});

test('types are the Go types', () => {
  const fns = datesFuncs(realEnv, UTC);
  const now = fns.get('now')!.fn();
  assert.equal(typeOf(now), 'time.Time');
  assert.equal(kindOf(now), 'struct');
  assert.equal(typeOf(data.d!), 'time.Duration');
  assert.equal(kindOf(data.d!), 'int64');
  assert.equal(typeOf(t.method('Month')!.fn()), 'time.Month');
  assert.equal(typeOf(data.nyloc!), '*time.Location');
  assert.equal(fns.get('ago')!.type, 'func(interface {}) string');
  assert.equal(fns.get('mustDateModify')!.type, 'func(string, time.Time) (time.Time, error)');
  assert.equal(fns.get('now')!.type, 'func() time.Time');
  assert.equal(fns.size, 16);
  assert.ok(new GoNamedInt('time.Month', 13).stringer() === '%!Month(13)');
});

test('now, ago, durationRound and date of a non-time use the clock', () => {
  // Go, with the real clock: {{ ago (now | dateModify "-90m") }} → 1h30m0s, "90m" → -1h30m0s,
  // {{ durationRound (now | dateModify "-49h") }} → 2d, {{ date "2006" 1.5 }} → the current year,
  // {{ ago .t0 }} → 2562047h47m16.854775807s, {{ ago .i32 }} and {{ ago .f }} → 0s (now itself),
  // {{ now }} → "2026-11-24 00:41:37.546010645 +0000 UTC m=+0.000969856".
  const fixed = new Date(Date.UTC(2026, 10, 24, 0, 41, 37, 546));
  const env: FuncEnv = { now: () => fixed, randomBytes: (n) => new Uint8Array(n) };
  const fns = datesFuncs(env, loadLocation('Etc/UTC'));
  const call = (n: string, ...a: Value[]): Value => fns.get(n)!.fn(...a);
  const now = call('now') as GoTime;
  assert.match(now.stringer(), /^2026-11-24 00:41:37\.546 \+0000 UTC m=[+-]\d+\.\d{9}$/);
  assert.equal(call('ago', call('dateModify', '-90m', now)), '1h30m0s');
  assert.equal(call('ago', call('dateModify', '90m', now)), '-1h30m0s');
  assert.equal(call('durationRound', call('dateModify', '-49h', now)), '2d');
  assert.equal(call('date', '2006', 1.5), '2026');
  assert.equal(call('date', '2006', data.ui!), '2026');
  assert.equal(call('ago', data.t0!), '2562047h47m16.854775807s');
  assert.equal(call('ago', data.i32!), '0s');
  assert.equal(call('ago', data.f!), '0s');
  // 61.546s since then, rounded to the second as Duration.Round does
  assert.equal(call('ago', int64(Math.floor(fixed.getTime() / 1000) - 61)), '1m2s');
  assert.equal(call('htmlDate', 'x'), '2026-11-24');
  // time.Now() carries a monotonic reading; Add keeps it (Go: "… m=+3600.001557121"), UTC drops it
  assert.match((call('dateModify', '1h', now) as GoTime).stringer(), / m=\+?-?\d+\.\d{9}$/);
  assert.equal((now.method('UTC')!.fn() as GoTime).stringer(), '2026-11-24 00:41:37.546 +0000 UTC');
  assert.equal((now.method('Location')!.fn() as GoObject).stringer(), 'Etc/UTC');
});

// Go: {{ toJson .t }} {{ toJson .tny }} → "2024-03-05T14:07:09.123456789Z" "2024-03-05T09:07:09.123456789-05:00"; .neg gives "" (an error)
test('time.Time marshals to JSON as RFC 3339', () => {
  assert.equal(t.marshalJSON(), '"2024-03-05T14:07:09.123456789Z"');
  assert.equal((data.tny as GoTime).marshalJSON(), '"2024-03-05T09:07:09.123456789-05:00"');
  assert.throws(
    () => (data.neg as GoTime).marshalJSON(),
    /Time.MarshalJSON: year outside of range \[0,9999\]/,
  );
});

test('fmt sees the underlying ints and GoString', () => {
  // Go: {{ (toDate "2006" "2020").Month | printf "%d" }} → 1; printf "%d" of the Duration
  // (toDate "2006" "2021").Sub (toDate "2006" "2020") → 31622400000000000, %v → 8784h0m0s,
  // its .Hours → 8784; printf "%#v" (toDate "2006" "2020") → time.Date(2020, time.January, 1, 0, 0, 0, 0, time.Local).
  const fns = datesFuncs(realEnv, loadLocation('Etc/UTC'));
  const y2020 = fns.get('toDate')!.fn('2006', '2020') as GoTime;
  const y2021 = fns.get('toDate')!.fn('2006', '2021') as GoTime;
  assert.deepEqual((y2020.method('Month')!.fn() as GoObject).underlying(), int(1));
  const d = y2021.method('Sub')!.fn(y2020) as GoDuration;
  assert.deepEqual(d.underlying(), int64(31622400000000000n));
  assert.equal(d.stringer(), '8784h0m0s');
  assert.equal(d.method('Hours')!.fn(), 8784);
  assert.equal(y2020.goString(), 'time.Date(2020, time.January, 1, 0, 0, 0, 0, time.Local)');
  assert.equal(
    (y2020.method('UTC')!.fn() as GoTime).goString(),
    'time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC)',
  );
});
