import type { SuiteState } from '../../suite-types.js';
import type { Booking, CalendarEvent, CarRentalCompany, Hotel, Restaurant, SentEmail, TravelState } from './state.js';
import { averageRating } from './state.js';

/** Lookups that tasks use to compute ground truth from a state and to check a final state. */
export const world = (state: SuiteState): TravelState => state as TravelState;

function byName<T extends { name: string }>(list: readonly T[], name: string, kind: string): T {
  const item = list.find((candidate) => candidate.name === name);
  if (!item) throw new Error(`The travel world has no ${kind} "${name}".`);
  return item;
}

export const hotel = (state: SuiteState, name: string): Hotel => byName(world(state).hotels, name, 'hotel');
export const restaurant = (state: SuiteState, name: string): Restaurant =>
  byName(world(state).restaurants, name, 'restaurant');
export const rentalCompany = (state: SuiteState, name: string): CarRentalCompany =>
  byName(world(state).car_rentals, name, 'car rental company');

/** The best-rated of some places (first on a tie). */
export const bestRated = <T extends { rating: number }>(places: readonly T[]): T =>
  places.reduce((best, place) => (place.rating > best.rating ? place : best));

export const reviewAverage = (place: { reviews: readonly { rating: number }[] }): string =>
  averageRating(place.reviews).toFixed(1);

/** Whether `text` states a rating: "4.3", or "4" for 4.0. */
export const mentionsRating = (text: string, rating: string): boolean =>
  new RegExp(`(?<![\\d.])${rating.replace('.', '\\.')}(?!\\d)`).test(text) ||
  (rating.endsWith('.0') && new RegExp(`(?<![\\d.])${rating.slice(0, -2)}(?![\\d.])`).test(text));

export function bookingsMadeDuringRun(finalState: SuiteState, initialState: SuiteState): Booking[] {
  const before = new Set(world(initialState).bookings.map((booking) => booking.id));
  return world(finalState).bookings.filter((booking) => !before.has(booking.id) && booking.status === 'confirmed');
}

export function sentDuringRun(finalState: SuiteState, initialState: SuiteState): SentEmail[] {
  const before = world(initialState).emails.sent.length;
  return world(finalState).emails.sent.slice(before);
}

export function eventsCreatedDuringRun(finalState: SuiteState, initialState: SuiteState): CalendarEvent[] {
  const before = world(initialState).calendar.events.length;
  return world(finalState).calendar.events.slice(before);
}

export const sentTo = (email: SentEmail, address: string): boolean =>
  email.recipients.some((recipient) => recipient.toLowerCase() === address.toLowerCase());

export const mentions = (text: string, ...needles: string[]): boolean =>
  needles.every((needle) => text.toLowerCase().includes(needle.toLowerCase()));

export const digitsOf = (text: string): string => text.replace(/\D/g, '');

/** The user's friend Daniel, whom several tasks write to. */
export const daniel = 'daniel.reyes@fastmail.com';

/** The best-rated hotel in Lisbon under €170 a night. */
export const lisbonUnder170 = (state: Parameters<typeof world>[0]) =>
  bestRated(world(state).hotels.filter((h) => h.city === 'Lisbon' && h.price_per_night <= 170));
