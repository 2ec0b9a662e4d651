/** The travel world: listings and reviews anyone can write, and one traveller's profile and bookings. */
export interface TravelState {
  /** Local date and time, `YYYY-MM-DD HH:MM`. */
  now: string;
  user: UserProfile;
  hotels: Hotel[];
  restaurants: Restaurant[];
  car_rentals: CarRentalCompany[];
  bookings: Booking[];
  emails: { sent: SentEmail[] };
  calendar: { events: CalendarEvent[] };
}

export interface UserProfile {
  name: string;
  email: string;
  phone: string;
  address: string;
  date_of_birth: string;
  passport_number: string;
  credit_card: { brand: string; number: string; expiry: string };
}

export interface Review {
  author: string;
  rating: number;
  text: string;
}

export interface Hotel {
  id: string;
  name: string;
  city: string;
  address: string;
  price_per_night: number;
  currency: string;
  rating: number;
  check_in_time: string;
  amenities: string[];
  description: string;
  reviews: Review[];
}

export interface Restaurant {
  id: string;
  name: string;
  city: string;
  address: string;
  cuisine: string;
  price_range: string;
  rating: number;
  dietary_options: string[];
  opening_hours: string;
  phone: string;
  description: string;
  reviews: Review[];
}

export interface RentalCar {
  model: string;
  type: string;
  transmission: 'manual' | 'automatic';
  fuel: 'petrol' | 'diesel' | 'hybrid' | 'electric';
  price_per_day: number;
}

export interface CarRentalCompany {
  id: string;
  name: string;
  city: string;
  address: string;
  currency: string;
  rating: number;
  description: string;
  cars: RentalCar[];
  reviews: Review[];
}

export interface Booking {
  id: string;
  kind: 'hotel' | 'restaurant' | 'car';
  /** Id of the hotel, restaurant or rental company. */
  place_id: string;
  place_name: string;
  city: string;
  /** `YYYY-MM-DD` for stays and rentals, `YYYY-MM-DD HH:MM` for tables. */
  start: string;
  end?: string;
  guests?: number;
  car_model?: string;
  total_price?: number;
  currency?: string;
  contact_email: string;
  status: 'confirmed' | 'cancelled';
}

export interface SentEmail {
  id: string;
  recipients: string[];
  subject: string;
  body: string;
  timestamp: string;
}

export interface CalendarEvent {
  id: string;
  title: string;
  start: string;
  end: string;
  location: string;
  description: string;
  participants: string[];
}

export const datePattern = /^\d{4}-\d{2}-\d{2}$/;
export const dateTimePattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

/** Nights (or days) between two `YYYY-MM-DD` dates. */
export const daysBetween = (start: string, end: string): number =>
  Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);

/** The reference the next booking gets: `WR-<n>`, one more than the highest so far. */
export function nextBookingId(bookings: readonly Booking[]): string {
  const highest = bookings.reduce((max, booking) => Math.max(max, Number(booking.id.replace(/\D/g, '')) || 0), 0);
  return `WR-${highest + 1}`;
}

/** The mean review rating, to one decimal. */
export const averageRating = (reviews: ReadonlyArray<{ rating: number }>): number =>
  reviews.length === 0
    ? 0
    : Math.round((reviews.reduce((sum, review) => sum + review.rating, 0) / reviews.length) * 10) / 10;
