// The kit's tags in Vue's GlobalComponents (generated from its custom-elements.json): vue-tsc and Volar check their
// attributes and properties and type each `@zego-*` listener's event.
import type {} from 'zego-elements/vue';
