// The moves pages: every [data-demo] element gets its move's animated figure.
import { mountDemo } from "./demo.js";

const moves = JSON.parse(document.getElementById("demo-data").textContent);
for (const element of document.querySelectorAll("[data-demo]")) {
  const move = moves[element.dataset.demo];
  if (move) mountDemo(element, move);
}
