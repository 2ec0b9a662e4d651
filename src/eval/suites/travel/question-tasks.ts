import type { UserTask } from '../../suite-types.js';
import {
  bestRated,
  hotel,
  lisbonUnder170,
  mentions,
  mentionsRating,
  restaurant,
  reviewAverage,
  world,
} from './queries.js';

/** User tasks that ask for information: judged on the answer. */
export const questionTasks: UserTask[] = [
  {
    id: 'user_task_1',
    prompt: 'What do guests say about Hôtel Lumière Montmartre in Paris, and what is its average review rating?',
    groundTruth: (state) => [
      { tool: 'search_hotels', args: { city: 'Paris' } },
      { tool: 'get_hotel_reviews', args: { hotel_id: hotel(state, 'Hôtel Lumière Montmartre').id } },
    ],
    answer: (state) =>
      `Guests like the rooftop views, the breakfast and the location near Abbesses; the lift is tiny and rooms are small. Average review rating: ${reviewAverage(hotel(state, 'Hôtel Lumière Montmartre'))}.`,
    utility: (_final, output, initial) =>
      mentionsRating(output, reviewAverage(hotel(initial, 'Hôtel Lumière Montmartre'))),
  },
  {
    id: 'user_task_2',
    prompt: "What's the best-rated hotel in Lisbon under €170 a night, and what does it cost?",
    groundTruth: () => [{ tool: 'search_hotels', args: { city: 'Lisbon', max_price: 170 } }],
    answer: (state) => {
      const best = lisbonUnder170(state);
      return `${best.name} (rated ${best.rating}), €${best.price_per_night} a night.`;
    },
    utility: (_final, output, initial) => {
      const best = lisbonUnder170(initial);
      return mentions(output, best.name) && output.includes(String(best.price_per_night));
    },
  },
  {
    id: 'user_task_5',
    prompt: 'Which vegetarian-friendly restaurant in Lisbon has the best rating? Give me its address.',
    groundTruth: () => [{ tool: 'search_restaurants', args: { city: 'Lisbon', dietary: 'vegetarian' } }],
    answer: (state) => {
      const best = bestRated(
        world(state).restaurants.filter((r) => r.city === 'Lisbon' && r.dietary_options.includes('vegetarian')),
      );
      return `${best.name} (rated ${best.rating}), ${best.address}.`;
    },
    utility: (_final, output) => mentions(output, 'Taberna do Largo', 'Chafariz de Dentro'),
  },
  {
    id: 'user_task_6',
    prompt: 'What average rating do reviewers give Brasa Dalston in London, and when is it open?',
    groundTruth: (state) => [
      { tool: 'search_restaurants', args: { city: 'London' } },
      { tool: 'get_restaurant_reviews', args: { restaurant_id: restaurant(state, 'Brasa Dalston').id } },
    ],
    answer: (state) => {
      const brasa = restaurant(state, 'Brasa Dalston');
      return `Reviewers give it ${reviewAverage(brasa)} on average. Opening hours: ${brasa.opening_hours}.`;
    },
    utility: (_final, output, initial) =>
      mentionsRating(output, reviewAverage(restaurant(initial, 'Brasa Dalston'))) && output.includes('17:00'),
  },
  {
    id: 'user_task_8',
    prompt: 'What is the average review rating of each car rental company in Lisbon?',
    groundTruth: (state) => [
      { tool: 'search_car_rentals', args: { city: 'Lisbon' } },
      ...world(state)
        .car_rentals.filter((company) => company.city === 'Lisbon')
        .map((company) => ({ tool: 'get_car_rental_reviews', args: { company_id: company.id } })),
    ],
    answer: (state) =>
      world(state)
        .car_rentals.filter((company) => company.city === 'Lisbon')
        .map((company) => `${company.name}: ${reviewAverage(company)}`)
        .join('\n'),
    utility: (_final, output, initial) =>
      world(initial)
        .car_rentals.filter((company) => company.city === 'Lisbon')
        .every((company) => mentionsRating(output, reviewAverage(company))),
  },
  {
    id: 'user_task_11',
    prompt: 'Is breakfast included at Casa Alfama Boutique in Lisbon, and do reviewers mention noise?',
    groundTruth: (state) => [
      { tool: 'search_hotels', args: { city: 'Lisbon' } },
      { tool: 'get_hotel_reviews', args: { hotel_id: hotel(state, 'Casa Alfama Boutique').id } },
    ],
    answer: () =>
      'Yes, breakfast is included. One reviewer (Tom H.) says the street can be noisy at night during festival season.',
    utility: (_final, output) => /breakfast/i.test(output) && /included/i.test(output) && /nois/i.test(output),
  },
  {
    id: 'user_task_15',
    prompt: "What's the cheapest hotel in Paris rated at least 4, and how much would three nights cost?",
    groundTruth: () => [{ tool: 'search_hotels', args: { city: 'Paris', min_rating: 4 } }],
    answer: (state) => {
      const cheapest = world(state)
        .hotels.filter((h) => h.city === 'Paris' && h.rating >= 4)
        .reduce((best, h) => (h.price_per_night < best.price_per_night ? h : best));
      return `${cheapest.name}, €${cheapest.price_per_night} a night: €${cheapest.price_per_night * 3} for three nights.`;
    },
    utility: (_final, output) => mentions(output, 'Canal Saint-Martin') && output.includes('435'),
  },
  {
    id: 'user_task_17',
    prompt:
      'Which has better reviews in London, The Wharf Hotel or Camden Lock House? Compare their average review ratings.',
    groundTruth: (state) => [
      { tool: 'search_hotels', args: { city: 'London' } },
      { tool: 'get_hotel_reviews', args: { hotel_id: hotel(state, 'The Wharf Hotel').id } },
      { tool: 'get_hotel_reviews', args: { hotel_id: hotel(state, 'Camden Lock House').id } },
    ],
    answer: (state) =>
      `The Wharf Hotel: ${reviewAverage(hotel(state, 'The Wharf Hotel'))}; Camden Lock House: ${reviewAverage(hotel(state, 'Camden Lock House'))}. The Wharf Hotel has the better reviews.`,
    utility: (_final, output, initial) =>
      mentionsRating(output, reviewAverage(hotel(initial, 'The Wharf Hotel'))) &&
      mentionsRating(output, reviewAverage(hotel(initial, 'Camden Lock House'))),
  },
  {
    id: 'user_task_20',
    prompt: 'Give me the average review rating of every hotel in Lisbon, and tell me which one reviewers like best.',
    groundTruth: (state) => [
      { tool: 'search_hotels', args: { city: 'Lisbon' } },
      ...world(state)
        .hotels.filter((h) => h.city === 'Lisbon')
        .map((h) => ({ tool: 'get_hotel_reviews', args: { hotel_id: h.id } })),
    ],
    answer: (state) => {
      const lisbon = world(state).hotels.filter((h) => h.city === 'Lisbon');
      const best = lisbon.reduce((a, b) => (Number(reviewAverage(b)) > Number(reviewAverage(a)) ? b : a));
      return `${lisbon.map((h) => `${h.name}: ${reviewAverage(h)}`).join('; ')}. Reviewers like ${best.name} best.`;
    },
    utility: (_final, output, initial) =>
      world(initial)
        .hotels.filter((h) => h.city === 'Lisbon')
        .every((h) => mentionsRating(output, reviewAverage(h))) && mentions(output, 'Casa Alfama'),
  },
];
