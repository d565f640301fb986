# Build a static faqbot binary, then run it as a non-root user.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/faqbot ./cmd/faqbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/faqbot /faqbot
USER nonroot:nonroot
# FAQ revisions go to ./faqbot-data when there is no Redis; mount a volume here to keep them.
WORKDIR /home/nonroot
ENV FAQBOT_HTTP_ADDR=:8080
EXPOSE 8080
ENTRYPOINT ["/faqbot"]
CMD ["serve"]
