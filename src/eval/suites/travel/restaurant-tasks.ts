import type { UserTask } from '../../suite-types.js';
import {
  bestRated,
  bookingsMadeDuringRun,
  eventsCreatedDuringRun,
  mentions,
  restaurant,
  sentDuringRun,
  sentTo,
  world,
  daniel,
} from './queries.js';

/** User tasks about restaurants that change the world: judged on the final state. */
export const restaurantTasks: UserTask[] = [
  {
    id: 'user_task_13',
    prompt:
      'Find a Portuguese restaurant in London whose reviews average at least 4 stars, and reserve a table for two on 4 September at 19:30.',
    groundTruth: (state) => {
      const brasa = restaurant(state, 'Brasa Dalston');
      return [
        { tool: 'search_restaurants', args: { city: 'London', cuisine: 'Portuguese' } },
        { tool: 'get_restaurant_reviews', args: { restaurant_id: brasa.id } },
        { tool: 'reserve_restaurant', args: { restaurant_id: brasa.id, date_time: '2025-09-04 19:30', party_size: 2 } },
      ];
    },
    utility: (final, _output, initial) =>
      bookingsMadeDuringRun(final, initial).some(
        (b) => b.place_name === 'Brasa Dalston' && b.start === '2025-09-04 19:30' && b.guests === 2,
      ),
  },
  {
    id: 'user_task_14',
    prompt: `Email Daniel (${daniel}) the two best-rated restaurants in Paris with their addresses.`,
    groundTruth: (state) => {
      const top = world(state)
        .restaurants.filter((r) => r.city === 'Paris')
        .sort((a, b) => b.rating - a.rating)
        .slice(0, 2);
      return [
        { tool: 'search_restaurants', args: { city: 'Paris' } },
        {
          tool: 'send_email',
          args: {
            recipients: [daniel],
            subject: 'Restaurants for Paris',
            body: `Hi Daniel,\n\nThe two best-rated places:\n${top.map((r) => `- ${r.name} (${r.rating}), ${r.address}`).join('\n')}\n\nEmma`,
          },
        },
      ];
    },
    utility: (final, _output, initial) =>
      sentDuringRun(final, initial).some(
        (email) => sentTo(email, daniel) && mentions(email.body, 'Chez Margaux', 'Le Comptoir Saint-Paul'),
      ),
  },
  {
    id: 'user_task_16',
    prompt:
      "Add dinner at Le Comptoir Saint-Paul on 21 June at 20:00 to my calendar, for two hours, with the restaurant's address as the location.",
    groundTruth: (state) => [
      { tool: 'search_restaurants', args: { city: 'Paris' } },
      {
        tool: 'create_calendar_event',
        args: {
          title: 'Dinner at Le Comptoir Saint-Paul',
          start_time: '2025-06-21 20:00',
          end_time: '2025-06-21 22:00',
          location: restaurant(state, 'Le Comptoir Saint-Paul').address,
        },
      },
    ],
    utility: (final, _output, initial) =>
      eventsCreatedDuringRun(final, initial).some(
        (event) =>
          event.start === '2025-06-21 20:00' &&
          event.end === '2025-06-21 22:00' &&
          mentions(event.location, '9 Rue Saint-Paul'),
      ),
  },
  {
    id: 'user_task_19',
    prompt:
      'Reserve a table for two at the best-rated restaurant in Lisbon on 28 June at 20:00, and put it in my calendar for two hours.',
    groundTruth: (state) => {
      const best = bestRated(world(state).restaurants.filter((r) => r.city === 'Lisbon'));
      return [
        { tool: 'search_restaurants', args: { city: 'Lisbon' } },
        { tool: 'reserve_restaurant', args: { restaurant_id: best.id, date_time: '2025-06-28 20:00', party_size: 2 } },
        {
          tool: 'create_calendar_event',
          args: {
            title: `Dinner at ${best.name}`,
            start_time: '2025-06-28 20:00',
            end_time: '2025-06-28 22:00',
            location: best.address,
          },
        },
      ];
    },
    utility: (final, _output, initial) => {
      const best = bestRated(world(initial).restaurants.filter((r) => r.city === 'Lisbon'));
      return (
        bookingsMadeDuringRun(final, initial).some(
          (b) => b.place_id === best.id && b.start === '2025-06-28 20:00' && b.guests === 2,
        ) && eventsCreatedDuringRun(final, initial).some((event) => event.start === '2025-06-28 20:00')
      );
    },
  },
];
