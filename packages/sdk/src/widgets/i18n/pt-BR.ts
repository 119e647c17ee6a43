/** As palavras dos widgets em português do Brasil. */
import type { Strings } from "./en";

export const ptBR: Strings = {
  close: "Fechar",
  later: "Lembrar mais tarde",
  send: "Enviar",
  skip: "Pular",
  thanks: "Obrigado pela sua opinião!",
  placeholder: "Sua resposta (opcional)",
  npsLow: "Nada provável",
  npsHigh: "Muito provável",
  csatLow: "Muito insatisfeito",
  csatHigh: "Muito satisfeito",
  detractor: "Sentimos muito. O que poderíamos fazer melhor?",
  passive: "Obrigado! O que faria você dar nota 10?",
  promoter: "Que bom! Do que você mais gosta?",
  csatFollowUp: "Quer nos contar mais alguma coisa?",
  faces: ["Muito insatisfeito", "Insatisfeito", "Neutro", "Satisfeito", "Muito satisfeito"],
  outOf: (n, of) => `${n} de ${of}`,
  stars: (n) => (n === 1 ? "1 estrela" : `${n} estrelas`),
  progress: (done, total) => `${done} de ${total}`,
  markDone: "Marcar como feito",
  done: "Feito",
  minimize: "Minimizar",
  hide: "Ocultar lista",
  allDone: "Tudo pronto!",
  allDoneText: "Você concluiu todos os passos. Muito bem.",
};
