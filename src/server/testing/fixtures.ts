/** Small inputs written for the server tests: a roster, a bad roster, a course document. */

export const GOOD_ROSTER = [
  'employee id,name,email,phone,time zone,department,location,channel',
  'E-1,Ines Moreau,ines.moreau@example.com,+44 7700 900201,Europe/London,Receiving,Leeds,simulator',
  'E-2,Kofi Mensah,kofi.mensah@example.com,,Europe/London,Receiving,Leeds,simulator',
  'E-3,Lena Vogt,lena.vogt@example.com,,America/Chicago,Dispatch,Joliet,simulator',
  '',
].join('\n');

/** Line 3 has a malformed email, line 4 an unknown timezone. */
export const BAD_ROSTER = [
  'employee id,name,email,time zone',
  'E-1,Ines Moreau,ines.moreau@example.com,Europe/London',
  'E-2,Kofi Mensah,kofi.mensah-at-example.com,Europe/London',
  'E-3,Lena Vogt,lena.vogt@example.com,Mars/Olympus_Mons',
  '',
].join('\n');

export const COLD_CHAIN_GUIDE = `# Cold Chain Basics

Chilled and frozen goods lose value quickly when they warm up. This guide explains how the
receiving team keeps every pallet inside its safe temperature range.

## Receiving chilled pallets

Every chilled pallet is checked with a probe thermometer before it leaves the dock. The probe
goes between two cases, never into the product itself. A chilled reading above five degrees
Celsius means the pallet is held and the shift lead is called. The reading and the time are
written on the receiving sheet so that a later dispute can be settled quickly.

## Storing frozen stock

Frozen stock moves into the freezer within twenty minutes of arrival. Freezer doors stay
closed between trips because an open door lets warm air and frost build up on the coils.
Pallets keep a hand's width of space from the walls so that cold air can circulate around
them. A freezer alarm is answered by the nearest trained person within five minutes.

## When something goes wrong

A power cut in the cold store is reported to maintenance at once. Staff keep the doors shut
and record the temperature every fifteen minutes until power returns. Product that spent too
long above its limit is labelled for quality review and is never shipped on the same day.
`;
