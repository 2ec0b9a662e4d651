import { z } from 'zod';
import { type SuiteTool, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { CarRentalCompany, Hotel, Restaurant, TravelState } from './state.js';

const city = z.string().min(1).describe('City name, e.g. "Lisbon"');
const sameCity = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function find<T extends { id: string }>(list: readonly T[], id: string, kind: string, search: string): T {
  const item = list.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`No ${kind} with id "${id}". Use ${search} to find its id.`);
  return item;
}

const hotelListing = ({ reviews, ...hotel }: Hotel) => ({ ...hotel, review_count: reviews.length });
const restaurantListing = ({ reviews, ...restaurant }: Restaurant) => ({ ...restaurant, review_count: reviews.length });
const rentalListing = ({ reviews, ...company }: CarRentalCompany) => ({ ...company, review_count: reviews.length });

/** Hotels, restaurants and car rentals: public listings and reviews. */
const define = suiteToolDefiner<TravelState>();

export const placeTools: Array<SuiteTool<TravelState>> = [
  define({
    name: 'search_hotels',
    description:
      'Search hotels in a city, optionally under a nightly price or above a rating. Returns listings with price, rating, amenities and description.',
    input: z.object({
      city,
      max_price: z.number().positive().optional().describe('Highest price per night'),
      min_rating: z.number().min(0).max(5).optional(),
    }),
    readOnly: true,
    execute: (state, { city: name, max_price, min_rating }) =>
      state.hotels
        .filter((hotel) => sameCity(hotel.city, name))
        .filter((hotel) => max_price === undefined || hotel.price_per_night <= max_price)
        .filter((hotel) => min_rating === undefined || hotel.rating >= min_rating)
        .map(hotelListing),
  }),
  define({
    name: 'get_hotel_reviews',
    description: 'Read the guest reviews of a hotel (author, rating out of 5, text).',
    input: z.object({ hotel_id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { hotel_id }) => {
      const hotel = find(state.hotels, hotel_id, 'hotel', 'search_hotels');
      return { hotel: hotel.name, reviews: hotel.reviews };
    },
  }),
  define({
    name: 'search_restaurants',
    description:
      'Search restaurants in a city, optionally by cuisine or dietary option (e.g. "vegetarian"). Returns listings with address, rating, price range, opening hours and description.',
    input: z.object({ city, cuisine: z.string().optional(), dietary: z.string().optional() }),
    readOnly: true,
    execute: (state, { city: name, cuisine, dietary }) =>
      state.restaurants
        .filter((restaurant) => sameCity(restaurant.city, name))
        .filter((restaurant) => !cuisine || restaurant.cuisine.toLowerCase().includes(cuisine.toLowerCase()))
        .filter(
          (restaurant) =>
            !dietary || restaurant.dietary_options.some((option) => option.toLowerCase() === dietary.toLowerCase()),
        )
        .map(restaurantListing),
  }),
  define({
    name: 'get_restaurant_reviews',
    description: 'Read the diner reviews of a restaurant (author, rating out of 5, text).',
    input: z.object({ restaurant_id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { restaurant_id }) => {
      const restaurant = find(state.restaurants, restaurant_id, 'restaurant', 'search_restaurants');
      return { restaurant: restaurant.name, reviews: restaurant.reviews };
    },
  }),
  define({
    name: 'search_car_rentals',
    description: 'Search car rental companies in a city, with their cars (model, transmission, fuel, price per day).',
    input: z.object({ city, fuel: z.enum(['petrol', 'diesel', 'hybrid', 'electric']).optional() }),
    readOnly: true,
    execute: (state, { city: name, fuel }) =>
      state.car_rentals
        .filter((company) => sameCity(company.city, name))
        .filter((company) => !fuel || company.cars.some((car) => car.fuel === fuel))
        .map(rentalListing),
  }),
  define({
    name: 'get_car_rental_reviews',
    description: 'Read the customer reviews of a car rental company (author, rating out of 5, text).',
    input: z.object({ company_id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { company_id }) => {
      const company = find(state.car_rentals, company_id, 'car rental company', 'search_car_rentals');
      return { company: company.name, reviews: company.reviews };
    },
  }),
];

export { find };
