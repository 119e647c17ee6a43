/** The widgets' own words in English; the vendor's question texts come from the definition. */
export const en = {
  close: "Close",
  later: "Ask me later",
  send: "Send",
  skip: "Skip",
  thanks: "Thank you for your feedback!",
  placeholder: "Your answer (optional)",
  npsLow: "Not at all likely",
  npsHigh: "Extremely likely",
  csatLow: "Very dissatisfied",
  csatHigh: "Very satisfied",
  detractor: "We are sorry to hear that. What could we do better?",
  passive: "Thanks! What would make it a 10 for you?",
  promoter: "Great to hear! What do you like most?",
  csatFollowUp: "Anything else you would like to tell us?",
  /** Accessible names of the 1-5 faces, worst first. */
  faces: ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
  outOf: (n: number, of: number) => `${n} out of ${of}`,
  stars: (n: number) => (n === 1 ? "1 star" : `${n} stars`),
  progress: (done: number, total: number) => `${done} of ${total}`,
  markDone: "Mark as done",
  done: "Done",
  minimize: "Minimize",
  hide: "Hide checklist",
  allDone: "You are all set!",
  allDoneText: "Every step is done. Nice work.",
};

export type Strings = typeof en;
