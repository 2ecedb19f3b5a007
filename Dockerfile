# One image recipe for both applications: docker build --build-arg MODULE=command-side .
# Stage 1 builds the module's executable jar with the checked-in Maven wrapper.
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
# the whole reactor (Maven reads every module the root pom lists); .dockerignore keeps
# build output and local data out
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -pl "${MODULE}" -am package -DskipTests -Dspring-javaformat.skip=true \
    && cp "${MODULE}/target/${MODULE}-"*.jar /src/app.jar

# Stage 2: a JRE, the jar, and an unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app && useradd --system --gid app --home-dir /app app
WORKDIR /app
COPY --from=build --chown=app:app /src/app.jar app.jar
USER app
# Half the container's memory as heap: with docker-compose's 512 MB limit that is 256 MB,
# which a 1,000,000-event replay runs in at full speed. The parallel collector and native
# memory trimmed every second are what ./run.sh measured under that limit (see README,
# Benchmark); left to itself, the JVM would pick the serial collector in so small a
# container.
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+UseParallelGC -XX:TrimNativeHeapInterval=1000 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
