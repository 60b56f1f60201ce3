// Follows a queued import (hosted mode) until the worker has done it, then shows
// its summary: the same one `gethip import` prints. Polls once a second.
const card = document.querySelector("[data-job-url]");

function show(job) {
  const status = card.querySelector("[data-job-status]");
  const bar = card.querySelector("[data-job-progress]");
  const { done, total } = job.progress;
  if (total) {
    bar.max = total;
    bar.value = done;
  }
  if (job.status === "queued") status.textContent = "Waiting for the importer…";
  if (job.status === "running") status.textContent = `Importing: ${done} of ${total ?? "?"} files`;
  if (job.status === "failed") status.textContent = "The import failed on the server; try again.";
  if (job.status !== "done") return false;
  status.textContent = "Done.";
  const result = job.result;
  card.querySelector("[data-job-imported]").textContent = result.imported;
  card.querySelector("[data-job-duplicates]").textContent = result.duplicates;
  card.querySelector("[data-job-skipped]").textContent = result.skipped;
  card.querySelector("[data-job-result]").hidden = false;
  const failures = card.querySelector("[data-job-failures]");
  for (const failure of result.failed) {
    const item = document.createElement("li");
    item.textContent = `${failure.file}: ${failure.reason}`;
    failures.append(item);
  }
  return true;
}

async function poll() {
  try {
    const response = await fetch(card.dataset.jobUrl, { headers: { Accept: "application/json" } });
    if (response.ok && show(await response.json())) {
      return;
    }
  } catch (error) {
    // Offline for a moment: keep asking.
  }
  setTimeout(poll, 1000);
}

if (card) poll();
