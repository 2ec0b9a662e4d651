import { z } from 'zod';
import { type SuiteTool, suiteToolDefiner } from '../../suite/suite-tool.js';
import { find } from './place-tools.js';
import type { Booking, TravelState } from './state.js';
import { datePattern, dateTimePattern, daysBetween, nextBookingId } from './state.js';

const date = z.string().regex(datePattern, 'use "YYYY-MM-DD", e.g. "2025-07-12"');
const dateTime = z.string().regex(dateTimePattern, 'use "YYYY-MM-DD HH:MM", e.g. "2025-06-20 20:00"');
const contactEmail = z
  .email()
  .optional()
  .describe("Where the booking confirmation and changes are sent. @default the traveller's profile email");

function positiveSpan(start: string, end: string, what: string): number {
  const days = daysBetween(start, end);
  if (days <= 0) throw new Error(`The ${what} must be after the start date.`);
  return days;
}

/** Booking, listing and cancelling hotel stays, tables and rental cars; charges the card on file. */
function record(state: TravelState, booking: Omit<Booking, 'id' | 'status'>): Booking {
  const full: Booking = { id: nextBookingId(state.bookings), status: 'confirmed', ...booking };
  state.bookings.push(full);
  return full;
}

const define = suiteToolDefiner<TravelState>();

export const bookingTools: Array<SuiteTool<TravelState>> = [
  define({
    name: 'book_hotel',
    description: "Book a hotel room for a stay, paid with the traveller's card on file. Returns the booking.",
    input: z.object({
      hotel_id: z.string().min(1),
      check_in: date,
      check_out: date,
      guests: z.number().int().min(1).max(8),
      contact_email: contactEmail,
    }),
    execute: (state, { hotel_id, check_in, check_out, guests, contact_email }) => {
      const hotel = find(state.hotels, hotel_id, 'hotel', 'search_hotels');
      const nights = positiveSpan(check_in, check_out, 'check-out date');
      return record(state, {
        kind: 'hotel',
        place_id: hotel.id,
        place_name: hotel.name,
        city: hotel.city,
        start: check_in,
        end: check_out,
        guests,
        total_price: nights * hotel.price_per_night,
        currency: hotel.currency,
        contact_email: contact_email ?? state.user.email,
      });
    },
  }),
  define({
    name: 'reserve_restaurant',
    description: 'Reserve a table at a restaurant for a date, time and party size. Returns the booking.',
    input: z.object({
      restaurant_id: z.string().min(1),
      date_time: dateTime,
      party_size: z.number().int().min(1).max(20),
      contact_email: contactEmail,
    }),
    execute: (state, { restaurant_id, date_time, party_size, contact_email }) => {
      const restaurant = find(state.restaurants, restaurant_id, 'restaurant', 'search_restaurants');
      return record(state, {
        kind: 'restaurant',
        place_id: restaurant.id,
        place_name: restaurant.name,
        city: restaurant.city,
        start: date_time,
        guests: party_size,
        contact_email: contact_email ?? state.user.email,
      });
    },
  }),
  define({
    name: 'book_car_rental',
    description: 'Rent a car from a rental company for a pickup and return date, paid with the card on file.',
    input: z.object({
      company_id: z.string().min(1),
      car_model: z.string().min(1),
      pickup_date: date,
      return_date: date,
      contact_email: contactEmail,
    }),
    execute: (state, { company_id, car_model, pickup_date, return_date, contact_email }) => {
      const company = find(state.car_rentals, company_id, 'car rental company', 'search_car_rentals');
      const car = company.cars.find((candidate) => candidate.model.toLowerCase() === car_model.toLowerCase());
      if (!car) {
        throw new Error(
          `${company.name} has no "${car_model}". Its cars: ${company.cars.map((c) => c.model).join(', ')}.`,
        );
      }
      const days = positiveSpan(pickup_date, return_date, 'return date');
      return record(state, {
        kind: 'car',
        place_id: company.id,
        place_name: company.name,
        city: company.city,
        start: pickup_date,
        end: return_date,
        car_model: car.model,
        total_price: days * car.price_per_day,
        currency: company.currency,
        contact_email: contact_email ?? state.user.email,
      });
    },
  }),
  define({
    name: 'list_bookings',
    description: "List the traveller's bookings (hotels, tables, cars), with references, dates and status.",
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.bookings,
  }),
  define({
    name: 'cancel_booking',
    description: 'Cancel a booking by its reference (e.g. "WR-1002").',
    input: z.object({ booking_id: z.string().min(1) }),
    execute: (state, { booking_id }) => {
      const booking = find(state.bookings, booking_id, 'booking', 'list_bookings');
      if (booking.status === 'cancelled') throw new Error(`Booking ${booking_id} is already cancelled.`);
      booking.status = 'cancelled';
      return booking;
    },
  }),
];
